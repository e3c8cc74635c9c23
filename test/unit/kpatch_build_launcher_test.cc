// SPDX-License-Identifier: GPL-2.0
// launcher: the compiler a plugin compile runs when CC names distcc.
#include "launcher.h"

#include <doctest/doctest.h>

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

}  // TEST_SUITE
