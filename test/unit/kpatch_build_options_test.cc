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

TEST_CASE("a value is taken whole or refused, with the option named")
{
    CHECK_THROWS_WITH_AS(parse({"-j", "5x", "p.patch"}), doctest::Contains("-j 5x"), Error);
    CHECK_THROWS_WITH_AS(parse({"-j", "", "p.patch"}), doctest::Contains("number of jobs"), Error);
    CHECK(parse({"-j", "5", "p.patch"}).jobs == 5);
    CHECK_THROWS_WITH_AS(parse({"-r", "", "p.patch"}),
                         doctest::Contains("-r/--release was given an empty value"), Error);
    CHECK_THROWS_WITH_AS(parse({"-o", "", "p.patch"}), doctest::Contains("-o/--output"), Error);
    CHECK_THROWS_WITH_AS(parse({"--oot-module", "", "p.patch"}),
                         doctest::Contains("--oot-module was given an empty value"), Error);
}

TEST_CASE("-n must fit a module name, for every format asked for")
{
    std::string longest(kMaxModuleName - 7, 'a');  // kpatch-NAME
    CHECK(parse({"-n", longest, "p.patch"}).name == longest);
    CHECK_THROWS_WITH_AS(parse({"-n", longest + "b", "p.patch"}),
                         doctest::Contains("a module name has 55 at most"), Error);
    CHECK_THROWS_WITH_AS(parse({"--format", "kpatch,klp", "-n", longest, "p.patch"}),
                         doctest::Contains(" has 58 characters"), Error);
    // The default, from a long file name, is cut to fit both formats.
    CHECK(parse({std::string(80, 'x') + ".patch"}).name.size() == kMaxNameLength);
    CHECK(parse({"--format", "klp", std::string(80, 'x') + ".patch"}).name.size() ==
          kMaxNameLength);
}

TEST_CASE("--format: kpatch by default, klp, or both once each in the given order")
{
    using F = ModuleFormat;
    CHECK(parse({"p.patch"}).formats == std::vector<F>{F::Kpatch});
    CHECK(parse({"--format", "klp", "p.patch"}).formats == std::vector<F>{F::Klp});
    CHECK(parse({"--format", "klp,kpatch,klp", "p.patch"}).formats ==
          std::vector<F>{F::Klp, F::Kpatch});
    CHECK_THROWS_WITH_AS(parse({"--format", "kpatch,ksplice", "p.patch"}),
                         doctest::Contains("'ksplice' is not a format"), Error);
    CHECK_FALSE(parse({"p.patch"}).non_replace);
    CHECK(parse({"-R", "p.patch"}).non_replace);
    CHECK(parse({"--non-replace", "p.patch"}).non_replace);
}

TEST_CASE("--deb: off by default, and --deb-version implies it")
{
    CHECK_FALSE(parse({"p.patch"}).deb);
    CHECK(parse({"--deb", "p.patch"}).deb_version == "1");
    auto o = parse({"--deb-version", "2+cve1", "p.patch"});
    CHECK(o.deb);
    CHECK(o.deb_version == "2+cve1");
}

TEST_CASE("--oot-module-ko goes with --oot-module")
{
    auto o = parse({"--oot-module", "src", "--oot-module-ko", "built/m.ko", "p.patch"});
    CHECK(o.oot_module == "src");
    CHECK(o.oot_module_ko == "built/m.ko");
    CHECK_THROWS_WITH_AS(parse({"--oot-module-ko", "m.ko", "p.patch"}),
                         doctest::Contains("pass --oot-module DIR too"), Error);
}

TEST_CASE("--fuzz: 0 by default, 0 to 3 when given")
{
    CHECK(parse({"p.patch"}).fuzz == 0);
    CHECK(parse({"--fuzz", "2", "p.patch"}).fuzz == 2);
    CHECK_THROWS_WITH_AS(parse({"--fuzz", "9", "p.patch"}), doctest::Contains("--fuzz 9"), Error);
}

TEST_CASE("-r: repeatable and comma-separated, each release once, and all")
{
    auto one = parse({"-r", "6.1.0-57-amd64", "p.patch"});
    CHECK(one.release == "6.1.0-57-amd64");
    CHECK_FALSE(several_releases(one));
    auto two = parse({"-r", "6.1.0-56-amd64,6.1.0-57-amd64", "-r", "6.1.0-56-amd64", "-r",
                      "6.1.0-55-amd64", "p.patch"});
    CHECK(two.releases ==
          std::vector<std::string>{"6.1.0-56-amd64", "6.1.0-57-amd64", "6.1.0-55-amd64"});
    CHECK(two.release.empty());
    CHECK(several_releases(two));
    auto all = parse({"-r", "all", "p.patch"});
    CHECK(all.releases == std::vector<std::string>{"all"});
    CHECK(all.release.empty());
    CHECK(several_releases(all));
    CHECK_FALSE(several_releases(parse({"p.patch"})));
    CHECK_THROWS_WITH_AS(parse({"-r", "a,,b", "p.patch"}),
                         doctest::Contains("-r a,,b: an empty release"), Error);
    CHECK_THROWS_WITH_AS(parse({"-r", "a", "-r", "", "p.patch"}),
                         doctest::Contains("-r/--release was given an empty value"), Error);
}

TEST_CASE("-r for several releases refuses what belongs to one release")
{
    CHECK_THROWS_WITH_AS(parse({"-r", "a,b", "-s", "linux", "p.patch"}),
                         doctest::Contains("-s/--sourcedir (one source tree is one release) "
                                           "cannot be used with several releases (-r a,b)"),
                         Error);
    CHECK_THROWS_WITH_AS(parse({"-r", "all", "-c", "config", "p.patch"}),
                         doctest::Contains("-c/--config"), Error);
    CHECK_THROWS_WITH_AS(parse({"-r", "a", "-r", "b", "--prepare-tree"}),
                         doctest::Contains("--prepare-tree cannot be used"), Error);
    CHECK(parse({"-r", "a", "-s", "linux", "p.patch"}).srcdir == "linux");
}

}
