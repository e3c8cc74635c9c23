// SPDX-License-Identifier: GPL-2.0
// launcher: the compiler a plugin compile runs when CC names distcc.
#include "error.h"
#include "launcher.h"
#include "util.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <unistd.h>
#include <filesystem>
#include <fstream>

using namespace kpatch::build;

TEST_SUITE("launcher") {

TEST_CASE("distcc is dropped, the compiler and other launchers stay")
{
    CHECK(local_compiler("distcc gcc-12") == "gcc-12");
    CHECK(local_compiler("/usr/bin/distcc gcc-12") == "gcc-12");
    CHECK(local_compiler("ccache distcc gcc-12") == "ccache gcc-12");
    CHECK(local_compiler("pump distcc gcc-12") == "gcc-12");
}

TEST_CASE("distcc's masquerade directory names the compiler")
{
    CHECK(local_compiler("/usr/lib/distcc/gcc-12") == "gcc-12");
    CHECK(local_compiler("ccache /usr/lib/distcc/x86_64-linux-gnu-gcc-12") ==
          "ccache x86_64-linux-gnu-gcc-12");
}

TEST_CASE("any other CC is unchanged")
{
    CHECK(local_compiler("gcc-12") == "gcc-12");
    CHECK(local_compiler("ccache gcc-12") == "ccache gcc-12");
    CHECK(local_compiler("/usr/bin/gcc-12") == "/usr/bin/gcc-12");
    CHECK(local_compiler("/opt/distccx/gcc") == "/opt/distccx/gcc");
}

TEST_CASE("--remote-plugin-cc: the wrapper in place of the compiler, after distcc")
{
    CHECK(remote_plugin_compiler("distcc gcc-12", "kpatch-cc") == "distcc kpatch-cc");
    CHECK(remote_plugin_compiler("ccache /usr/bin/distcc gcc-12", "kpatch-cc") ==
          "ccache /usr/bin/distcc kpatch-cc");
    CHECK_THROWS_WITH_AS(remote_plugin_compiler("gcc-12", "kpatch-cc"),
                         doctest::Contains("CC='gcc-12' names no distcc"), Error);
}

TEST_CASE("--remote-plugin-cc: -fplugin= becomes the expected hash of that file")
{
    auto dir = std::filesystem::temp_directory_path() /
               ("kpatch-launcher-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto so = dir / "kpatch.so";
    std::ofstream(so) << "not really a plugin";
    std::string flags = "-fplugin=" + so.string() + " -fplugin-arg-kpatch-sections -I/x";
    CHECK(remote_plugin_flags(flags) == "-fplugin-arg-kpatch-expect-hash=" +
                                            hex64(fnv1a("not really a plugin")) +
                                            " -fplugin-arg-kpatch-sections -I/x");
    CHECK(remote_plugin_flags("-O2") == "-O2");
    std::filesystem::remove_all(dir);
    CHECK_THROWS_AS(remote_plugin_flags(flags), Error);  // the plugin is gone: said so
}

}  // TEST_SUITE
