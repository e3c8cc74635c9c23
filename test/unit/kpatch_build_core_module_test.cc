// SPDX-License-Identifier: GPL-2.0
//
// core_module: reading the release a module was built for from its
// vermagic.  Building a core module needs kernel headers: run-release
// (test/e2e/) covers that end to end.
#include "core_module.h"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <unistd.h>

using namespace kpatch::build;
namespace fs = std::filesystem;

namespace {

fs::path write_temp(const std::string &name, const std::string &data)
{
    fs::path p = fs::temp_directory_path() / (name + "-" + std::to_string(getpid()));
    std::ofstream(p, std::ios::binary) << data;
    return p;
}

}  // namespace

TEST_SUITE("core_module") {

TEST_CASE("the release is the first word of vermagic")
{
    using namespace std::string_literals;
    fs::path ko = write_temp("kpb-ko", "\x7f" "ELF junk\0license=GPL\0"
                                       "vermagic=6.1.0-56-amd64 SMP preempt mod_unload \0name=x\0"s);
    CHECK(module_release(ko) == "6.1.0-56-amd64");
    fs::remove(ko);
}

TEST_CASE("no vermagic: no release")
{
    using namespace std::string_literals;
    fs::path ko = write_temp("kpb-ko-none", "\x7f" "ELF\0license=GPL\0myvermagic=1\0"s);
    CHECK(module_release(ko).empty());
    fs::remove(ko);
}

}
