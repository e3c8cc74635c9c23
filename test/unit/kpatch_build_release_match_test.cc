// SPDX-License-Identifier: GPL-2.0
//
// release_match: the headers, kpatch.ko and its Module.symvers must be of
// the release a patch targets, and the two core files of one build.  The
// core "module" here is a small object compiled with the test's compiler:
// a .modinfo vermagic and a __kcrctab CRC of kpatch_register, as kbuild
// leaves them in kpatch.ko.
#include "release_match.h"

#include "error.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace kpatch::build;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string &name)
{
    fs::path dir = fs::temp_directory_path() / (name + "-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A core module built for `release` whose kpatch_register CRC is crc.
fs::path core_object(const fs::path &dir, const std::string &release, const std::string &crc)
{
    std::ofstream(dir / "core.c")
        << "#define S(sec) __attribute__((section(sec), used))\n"
           "static const char modinfo[] S(\".modinfo\") =\n"
           "    \"license=GPL\\0vermagic=" << release << " SMP preempt mod_unload modversions \";\n"
           "const unsigned int __crc_kpatch_register S(\"__kcrctab_gpl\") = " << crc << ";\n";
    std::string cmd = std::string(KPATCH_TEST_CC) + " -c -O2 -o " + (dir / "kpatch.ko").string() +
                      " " + (dir / "core.c").string();
    REQUIRE(system(cmd.c_str()) == 0);
    return dir / "kpatch.ko";
}

fs::path symvers(const fs::path &dir, const std::string &line)
{
    std::ofstream(dir / "Module.symvers") << "0x12345678\tkpatch_unregister\tkpatch\tEXPORT_SYMBOL_GPL\t\n"
                                          << line;
    return dir / "Module.symvers";
}

std::string error_of(const fs::path &ko, const fs::path &sv, const std::string &release)
{
    try {
        check_core_release(ko, sv, release, "do this");
    } catch (const Error &e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_SUITE("release_match")
{
    TEST_CASE("the headers' UTS_RELEASE must be the target release")
    {
        fs::path dir = scratch("kpb-headers");
        CHECK(headers_release(dir).empty());
        CHECK_NOTHROW(check_headers_release(dir, "6.1.0-57-amd64"));  // nothing to compare
        fs::create_directories(dir / "include" / "generated");
        std::ofstream(dir / "include" / "generated" / "utsrelease.h")
            << "#define UTS_RELEASE \"6.1.0-56-amd64\"\n";
        CHECK(headers_release(dir) == "6.1.0-56-amd64");
        CHECK_NOTHROW(check_headers_release(dir, "6.1.0-56-amd64"));
        try {
            check_headers_release(dir, "6.1.0-57-amd64");
            FAIL("no error for headers of another release");
        } catch (const Error &e) {
            std::string msg = e.what();
            CHECK(msg.find("utsrelease.h: the headers are for 6.1.0-56-amd64, not "
                           "6.1.0-57-amd64") != std::string::npos);
            CHECK(msg.find("reinstall linux-headers-6.1.0-57-amd64") != std::string::npos);
        }
        fs::remove_all(dir);
    }

    TEST_CASE("kpatch.ko and Module.symvers of the release, built together, pass")
    {
        fs::path dir = scratch("kpb-core-ok");
        fs::path ko = core_object(dir, "6.1.0-57-amd64", "0xd479763a");
        fs::path sv = symvers(dir, "0xd479763a\tkpatch_register\tkpatch\tEXPORT_SYMBOL_GPL\t\n");
        CHECK(module_crc(ko, "kpatch_register") == 0xd479763a);
        CHECK(symvers_crc(sv, "kpatch_register") == 0xd479763a);
        CHECK(symvers_crc(sv, "kpatch_shadow_alloc") == std::nullopt);
        CHECK(error_of(ko, sv, "6.1.0-57-amd64").empty());
        fs::remove_all(dir);
    }

    TEST_CASE("a kpatch.ko of another release is named, with what to do")
    {
        fs::path dir = scratch("kpb-core-release");
        fs::path ko = core_object(dir, "6.1.0-56-amd64", "0xd479763a");
        fs::path sv = symvers(dir, "0xd479763a\tkpatch_register\tkpatch\tEXPORT_SYMBOL_GPL\t\n");
        std::string msg = error_of(ko, sv, "6.1.0-57-amd64");
        CHECK(msg.starts_with(ko.string() + ": the core module was built for 6.1.0-56-amd64, "
                                            "the patch targets 6.1.0-57-amd64"));
        CHECK(msg.ends_with("; do this"));
        fs::remove_all(dir);
    }

    TEST_CASE("a Module.symvers not built with that kpatch.ko is named")
    {
        fs::path dir = scratch("kpb-core-symvers");
        fs::path ko = core_object(dir, "6.1.0-57-amd64", "0xd479763a");
        fs::path sv = symvers(dir, "0x0badc0de\tkpatch_register\tkpatch\tEXPORT_SYMBOL_GPL\t\n");
        std::string msg = error_of(ko, sv, "6.1.0-57-amd64");
        CHECK(msg.starts_with(sv.string() + ": kpatch_register has CRC 0x0badc0de there but "
                                            "0xd479763a in " + ko.string()));
        CHECK(msg.ends_with("; do this"));
        // One without kpatch's exports at all (another module's, the kernel's).
        sv = symvers(dir, "");
        msg = error_of(ko, sv, "6.1.0-57-amd64");
        CHECK(msg.starts_with(sv.string() + ": lists no kpatch_register"));
        fs::remove_all(dir);
    }
}
