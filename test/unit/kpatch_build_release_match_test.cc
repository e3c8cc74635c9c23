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

fs::path write_symvers(const fs::path &dir, const std::string &line)
{
    std::ofstream(dir / "Module.symvers") << "0x12345678\tkpatch_unregister\tkpatch\tEXPORT_SYMBOL_GPL\t\n"
                                          << line;
    return dir / "Module.symvers";
}

// A scratch directory with a core module and a Module.symvers.
struct CoreFiles {
    fs::path dir, ko, symvers;

    CoreFiles(const std::string &release, const std::string &crc, const std::string &listed)
        : dir(scratch("kpb-core")), ko(core_object(dir, release, crc)),
          symvers(write_symvers(dir, listed))
    {
    }
    ~CoreFiles() { fs::remove_all(dir); }

    // The message check_core_release() throws for target ("" if none).
    std::string error_for(const std::string &target) const
    {
        try {
            check_core_release(ko, symvers, target, "do this");
        } catch (const Error &e) {
            return e.what();
        }
        return "";
    }
};

const char *kListed = "0xd479763a\tkpatch_register\tkpatch\tEXPORT_SYMBOL_GPL\t\n";

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
        CoreFiles core("6.1.0-57-amd64", "0xd479763a", kListed);
        CHECK(module_crc(core.ko, "kpatch_register") == 0xd479763a);
        CHECK(symvers_crc(core.symvers, "kpatch_register") == 0xd479763a);
        CHECK(symvers_crc(core.symvers, "kpatch_shadow_alloc") == std::nullopt);
        CHECK(core.error_for("6.1.0-57-amd64").empty());
    }

    TEST_CASE("a kpatch.ko of another release is named, with what to do")
    {
        CoreFiles core("6.1.0-56-amd64", "0xd479763a", kListed);
        std::string msg = core.error_for("6.1.0-57-amd64");
        CHECK(msg.starts_with(core.ko.string() + ": the core module was built for "
                                                 "6.1.0-56-amd64, the patch targets 6.1.0-57-amd64"));
        CHECK(msg.ends_with("; do this"));
    }

    TEST_CASE("a Module.symvers not built with that kpatch.ko is named")
    {
        CoreFiles core("6.1.0-57-amd64", "0xd479763a",
                       "0x0badc0de\tkpatch_register\tkpatch\tEXPORT_SYMBOL_GPL\t\n");
        std::string msg = core.error_for("6.1.0-57-amd64");
        CHECK(msg.starts_with(core.symvers.string() + ": kpatch_register has CRC 0x0badc0de "
                                                      "there but 0xd479763a in " +
                              core.ko.string()));
        CHECK(msg.ends_with("; do this"));
    }

    TEST_CASE("a Module.symvers without kpatch's exports is named")
    {
        CoreFiles core("6.1.0-57-amd64", "0xd479763a", "");
        CHECK(core.error_for("6.1.0-57-amd64")
                  .starts_with(core.symvers.string() + ": lists no kpatch_register"));
    }
}
