// SPDX-License-Identifier: GPL-2.0
// options: kpatch-build's command line.
#include "error.h"
#include "options.h"

#include <doctest/doctest.h>

#include <vector>

using namespace kpatch::build;

namespace {

Options parse(std::vector<std::string> args)
{
    args.insert(args.begin(), "kpatch-build");
    std::vector<char *> argv;
    for (auto &a : args)
        argv.push_back(a.data());
    return parse_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_SUITE("options") {

TEST_CASE("upstream-style options")
{
    auto o = parse({"-r", "6.1.0-56-amd64", "-t", "vmlinux,ext4", "-t", "nfs", "-j", "4",
                    "-o", "out", "--json", "dir/fix-foo.v2.patch"});
    CHECK(o.release == "6.1.0-56-amd64");
    CHECK(o.targets == std::vector<std::string>{"vmlinux", "ext4", "nfs"});
    CHECK(o.jobs == 4);
    CHECK(o.json);
    CHECK(o.name == "fix-foo-v2");
    CHECK(o.patches.size() == 1);
}

TEST_CASE("mistakes are errors")
{
    CHECK_THROWS_AS(parse({}), Error);
    CHECK_THROWS_AS(parse({"-j", "0", "p.patch"}), Error);
    CHECK_THROWS_AS(parse({"--sign-key", "k", "p.patch"}), Error);
    CHECK_THROWS_AS(parse({"-n", "bad name", "p.patch"}), Error);
    CHECK_THROWS_AS(parse({"--bogus", "p.patch"}), Error);
    CHECK(parse({"--debug", "p.patch"}).keep);
}

}
