// SPDX-License-Identifier: GPL-2.0
// kpatch CLI: names, install/uninstall under a scratch root, .ko reading.
#include "install.h"
#include "kernel.h"
#include "json_out.h"
#include "ko_file.h"

#include <kpatch/abi.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <cstdlib>
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

TEST_CASE("install enables the boot unit, the last uninstall removes it")
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

TEST_CASE("with the packaged unit, install and uninstall leave systemd to the package")
{
    fs::path root = fs::temp_directory_path() / ("kpatch-cli-pkg-" + std::to_string(getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "lib/systemd/system");
    std::ofstream(root / "lib/systemd/system/kpatch.service") << "[Service]\n";
    fs::path ko = root / "kpatch-a.ko";
    std::ofstream(ko) << "not really a module";
    install_module(ko, "6.1.0-56-amd64", root.string(), "/usr/bin/kpatch");
    CHECK(installed("6.1.0-56-amd64", root.string()).size() == 1);
    CHECK_FALSE(fs::exists(root / "etc/systemd/system/kpatch.service"));
    CHECK_FALSE(fs::exists(root / "etc/systemd/system/multi-user.target.wants/kpatch.service"));
    uninstall_module("kpatch_a", "6.1.0-56-amd64", root.string());
    CHECK(installed("6.1.0-56-amd64", root.string()).empty());
    CHECK(fs::exists(root / "lib/systemd/system/kpatch.service"));
    fs::remove_all(root);
}

// An object shaped like a patch module: .modinfo, and the ABI structures
// whose pointers are R_X86_64_64 relocations, as kpatch-link writes them.
static const char kPatchObject[] = R"(
#include <kpatch/abi.h>
#define P(x) ((u64)(unsigned long)(x))
#define S(sec) __attribute__((section(sec), used))
static const char modinfo[] S(".modinfo") =
    "name=kpatch_t\0vermagic=6.1.0-56-amd64 SMP preempt mod_unload modversions ";
static const char rel[] S(".kpatch.strings") = "6.1.0-56-amd64";
static const char fn_a[] S(".kpatch.strings") = "version_proc_show";
static const char fn_b[] S(".kpatch.strings") = "bm_status_read";
static const char vmlinux[] S(".kpatch.strings") = "vmlinux";
static const char binfmt[] S(".kpatch.strings") = "binfmt_misc";
static struct kpatch_symbol syms[2] S(".kpatch.symbols") = {
    { P(fn_a), P(vmlinux), 0, 0, 0, 58 },
    { P(fn_b), P(binfmt), 0, 0, 0, 101 },
};
static int new_a, new_b;
static struct kpatch_func funcs[2] S(".kpatch.funcs") = {
    { P(&new_a), 78, P(&syms[0]), 0, 0, 0, 0 },
    { P(&new_b), 101, P(&syms[1]), 0, 0, 0, KPATCH_FUNC_FORCE_UNSAFE },
};
struct kpatch_patch __kpatch_patch S(".kpatch.patch") = {
    KPATCH_MAGIC, KPATCH_ABI_VERSION, 0, P(rel), 0, P(funcs), 0, 0, 2, 3, 1, 0,
};
)";

TEST_CASE("info walks the ABI structures through their relocations")
{
    fs::path dir = fs::temp_directory_path() / ("kpatch-cli-ko-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "p.c") << kPatchObject;
    std::string cmd = std::string(KPATCH_TEST_CC) + " -c -O2 -I" + KPATCH_TEST_INCLUDE + " -o " +
                      (dir / "p.o").string() + " " + (dir / "p.c").string();
    REQUIRE(system(cmd.c_str()) == 0);
    KoInfo info = read_ko((dir / "p.o").string());
    CHECK(info.name == "kpatch_t");
    CHECK(vermagic_release(info.vermagic) == "6.1.0-56-amd64");
    REQUIRE(info.is_patch);
    CHECK(info.kernel_release == "6.1.0-56-amd64");
    CHECK(info.nr_dynrelas == 3);
    CHECK(info.nr_hooks == 1);
    REQUIRE(info.functions.size() == 2);
    CHECK(info.functions[0].object == "vmlinux");
    CHECK(info.functions[0].name == "version_proc_show");
    CHECK(info.functions[0].old_size == 58);
    CHECK(info.functions[0].new_size == 78);
    CHECK(info.functions[1].object == "binfmt_misc");
    CHECK(info.functions[1].name == "bm_status_read");
    CHECK(info.functions[1].flags == KPATCH_FUNC_FORCE_UNSAFE);
    CHECK_FALSE(info.signed_module);

    nlohmann::json j = info_json(info);
    CHECK(j["module"] == "kpatch_t");
    CHECK(j["patch"]["kernel"] == "6.1.0-56-amd64");
    CHECK(j["patch"]["dynrelas"] == 3);
    REQUIRE(j["patch"]["functions"].size() == 2);
    CHECK(j["patch"]["functions"][1]["object"] == "binfmt_misc");
    CHECK(j["patch"]["functions"][1]["force_unsafe"] == true);
    CHECK(j["patch"]["functions"][1]["entry_pad"] == false);
    fs::remove_all(dir);
}

TEST_CASE("info on a non-ELF file names the file")
{
    fs::path f = fs::temp_directory_path() / ("kpatch-cli-txt-" + std::to_string(getpid()));
    std::ofstream(f) << "text";
    CHECK_THROWS_WITH(read_ko(f.string()), doctest::Contains("not an ELF"));
    fs::remove(f);
}

TEST_CASE("info refuses what is not a regular file, naming it")
{
    fs::path dir = fs::temp_directory_path() / ("kpatch-cli-dir-" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::string what = dir.string() + ": is a directory, not a regular file";
    CHECK_THROWS_WITH(read_ko(dir.string()), doctest::Contains(what.c_str()));
    // /dev/zero never ends: refused before a byte is read, not read until
    // memory runs out.
    CHECK_THROWS_WITH(read_ko("/dev/zero"),
                      doctest::Contains("/dev/zero: is a character device, not a regular file"));
    fs::remove_all(dir);
}

TEST_CASE("info --json prints a name that is not UTF-8")
{
    KoInfo info;
    info.path = "kpatch-\xff.ko";
    info.name = "kpatch_\xff\xfe";
    info.is_patch = true;
    info.functions.push_back({"vmlinux", "f\x80", 1, 2, 0});
    std::string out = dump_json(info_json(info));
    // Invalid bytes become U+FFFD; the rest of the object is intact.
    CHECK(out.find("\"module\":\"kpatch_\xef\xbf\xbd\xef\xbf\xbd\"") != std::string::npos);
    CHECK(out.find("\"name\":\"f\xef\xbf\xbd\"") != std::string::npos);
    CHECK(nlohmann::json::parse(out)["patch"]["functions"][0]["new_size"] == 2);
}

}
