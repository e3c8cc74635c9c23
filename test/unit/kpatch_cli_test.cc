// SPDX-License-Identifier: GPL-2.0
// kpatch CLI: names, install/uninstall under a scratch root, .ko reading.
#include "install.h"
#include "kernel.h"
#include "ko_file.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace kpatch::cli;
namespace fs = std::filesystem;

TEST_SUITE("kpatch_cli") {

TEST_CASE("module names as the kernel spells them")
{
    CHECK(module_name("out/kpatch-version-proc.ko") == "kpatch_version_proc");
    CHECK(module_name("kpatch_x") == "kpatch_x");
    CHECK(vermagic_release("6.1.0-56-amd64 SMP preempt mod_unload modversions ") ==
          "6.1.0-56-amd64");
}

TEST_CASE("install enables the boot unit; the last uninstall removes it")
{
    fs::path root = fs::temp_directory_path() / ("kpatch-cli-" + std::to_string(getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    fs::path ko = root / "kpatch-a.ko";
    std::ofstream(ko) << "not really a module";
    std::string dest = install_module(ko, "6.1.0-56-amd64", root.string(), "/usr/sbin/kpatch");
    CHECK(dest == root.string() + "/var/lib/kpatch/6.1.0-56-amd64/kpatch-a.ko");
    CHECK(fs::is_symlink(root / "etc/systemd/system/multi-user.target.wants/kpatch.service"));
    std::ifstream unit(root / "etc/systemd/system/kpatch.service");
    std::string text((std::istreambuf_iterator<char>(unit)), std::istreambuf_iterator<char>());
    CHECK(text.find("ExecStart=/usr/sbin/kpatch load --all") != std::string::npos);
    CHECK(installed("6.1.0-56-amd64", root.string()).size() == 1);

    CHECK_THROWS(uninstall_module("kpatch_b", "6.1.0-56-amd64", root.string()));
    uninstall_module("kpatch_a", "6.1.0-56-amd64", root.string());
    CHECK(installed("6.1.0-56-amd64", root.string()).empty());
    CHECK_FALSE(fs::exists(root / "etc/systemd/system/kpatch.service"));
    fs::remove_all(root);
}

TEST_CASE("info on a module that is not a patch, and on a non-ELF file")
{
    // Any ELF relocatable will do for "not a patch": this test binary's
    // own objects are not at hand, so use a file known not to be ELF.
    fs::path f = fs::temp_directory_path() / ("kpatch-cli-txt-" + std::to_string(getpid()));
    std::ofstream(f) << "text";
    CHECK_THROWS_WITH(read_ko(f.string()), doctest::Contains("not an ELF"));
    fs::remove(f);
}

}
