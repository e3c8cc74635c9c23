// SPDX-License-Identifier: GPL-2.0
// kpatch CLI: names, install/uninstall under a scratch root, .ko reading
// (both kinds), livepatch task states and the held-transition report.
#include "install.h"
#include "kernel.h"
#include "json_out.h"
#include "ko_file.h"
#include "livepatch.h"

#include <kpatch/abi.h>
#include <kpatch/klp.h>

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
    using kpatch::module_name;
    CHECK(module_name("out/kpatch-version-proc.ko") == "kpatch_version_proc");
    CHECK(module_name("kpatch_x") == "kpatch_x");
    CHECK(module_name("kernel/fs/nfsd/nfsd.ko.xz") == "nfsd");  // compressed
    CHECK(module_name("drivers/pinctrl/pinctrl-amd") == "pinctrl_amd");  // Module.symvers
    CHECK(module_name(".ko") == ".ko");  // no name before ".ko": not a suffix
    CHECK(module_name("x.kobj") == "x.kobj");
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
    REQUIRE(info.kind == PatchKind::kpatch);
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
    info.kind = PatchKind::kpatch;
    info.functions.push_back({"vmlinux", "f\x80", 1, 2, 0});
    std::string out = dump_json(info_json(info));
    // Invalid bytes become U+FFFD; the rest of the object is intact.
    CHECK(out.find("\"module\":\"kpatch_\xef\xbf\xbd\xef\xbf\xbd\"") != std::string::npos);
    CHECK(out.find("\"name\":\"f\xef\xbf\xbd\"") != std::string::npos);
    CHECK(nlohmann::json::parse(out)["patch"]["functions"][0]["new_size"] == 2);
}


// Compiles C source into an object in a scratch directory; returns its path.
static std::string compile_object(const fs::path &dir, const char *source)
{
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "p.c") << source;
    std::string cmd = std::string(KPATCH_TEST_CC) + " -c -O2 -I" + KPATCH_TEST_INCLUDE + " -o " +
                      (dir / "p.o").string() + " " + (dir / "p.c").string();
    REQUIRE(system(cmd.c_str()) == 0);
    return (dir / "p.o").string();
}

// The tables kpatch-link writes for a livepatch-format module (klp.h),
// the root first in its section as klp_emit.cc puts it.
static const char kKlpObject[] = R"(
#include <kpatch/klp.h>
#define P(x) ((u64)(unsigned long)(x))
#define S(sec) __attribute__((section(sec), used))
static const char modinfo[] S(".modinfo") =
    "livepatch=Y\0name=livepatch_t\0vermagic=6.1.0-57-amd64 SMP preempt mod_unload ";
static const char rel[] S(".kpatch.klp.strings") = "6.1.0-57-amd64";
static const char fn_a[] S(".kpatch.klp.strings") = "version_proc_show";
static const char fn_b[] S(".kpatch.klp.strings") = "bm_status_read";
static const char vmlinux[] S(".kpatch.klp.strings") = "vmlinux";
static const char binfmt[] S(".kpatch.klp.strings") = "binfmt_misc";
static int new_a, new_b;
static struct kpatch_klp_func funcs[2] S(".kpatch.klp.funcs") = {
    { P(fn_a), P(&new_a), P(vmlinux), 0 },
    { P(fn_b), P(&new_b), P(binfmt), 2 },
};
struct kpatch_klp_patch __kpatch_klp_patch S(".kpatch.klp.patch") = {
    KPATCH_KLP_MAGIC, KPATCH_KLP_VERSION, 0, P(rel), P(funcs), 0, 0, 2, 2, 1, 0,
};
)";

TEST_CASE("info reads a livepatch-format module's functions through relocations")
{
    fs::path dir = fs::temp_directory_path() / ("kpatch-cli-klp-" + std::to_string(getpid()));
    KoInfo info = read_ko(compile_object(dir, kKlpObject));
    CHECK(info.name == "livepatch_t");
    REQUIRE(info.kind == PatchKind::livepatch);
    CHECK(info.klp_table);
    CHECK(info.kernel_release == "6.1.0-57-amd64");
    CHECK(info.abi_version == KPATCH_KLP_VERSION);
    CHECK(info.nr_hooks == 1);
    REQUIRE(info.functions.size() == 2);
    CHECK(info.functions[0].object == "vmlinux");
    CHECK(info.functions[0].name == "version_proc_show");
    CHECK(info.functions[0].sympos == 0);
    CHECK(info.functions[1].object == "binfmt_misc");
    CHECK(info.functions[1].name == "bm_status_read");
    CHECK(info.functions[1].sympos == 2);

    nlohmann::json j = info_json(info);
    CHECK(j["kind"] == "livepatch");
    CHECK(j["patch"]["tables"] == true);
    CHECK(j["patch"]["functions"][1]["sympos"] == 2);
    fs::remove_all(dir);
}

TEST_CASE("a livepatch built by other means is recognised by its modinfo alone")
{
    fs::path dir = fs::temp_directory_path() / ("kpatch-cli-lp-" + std::to_string(getpid()));
    KoInfo info = read_ko(compile_object(dir, R"(
static const char modinfo[] __attribute__((section(".modinfo"), used)) =
    "license=GPL\0livepatch=Y\0name=klp_answer";
)"));
    CHECK(info.kind == PatchKind::livepatch);
    CHECK_FALSE(info.klp_table);
    CHECK(info.functions.empty());
    CHECK(info_json(info)["patch"]["tables"] == false);
    fs::remove_all(dir);
}

TEST_CASE("a plain module is neither kind")
{
    fs::path dir = fs::temp_directory_path() / ("kpatch-cli-plain-" + std::to_string(getpid()));
    KoInfo info = read_ko(compile_object(dir, R"(
static const char modinfo[] __attribute__((section(".modinfo"), used)) =
    "license=GPL\0livepatch=N\0name=hello";
)"));
    CHECK(info.kind == PatchKind::none);
    CHECK(info_json(info)["kind"] == "none");
    CHECK(info_json(info)["patch"].is_null());
    fs::remove_all(dir);
}

TEST_CASE("patch_state: -1, 0 and 1, nothing else")
{
    CHECK(parse_patch_state("-1\n") == kKlpUndefined);
    CHECK(parse_patch_state("0\n") == kKlpUnpatched);
    CHECK(parse_patch_state("1") == kKlpPatched);
    CHECK_FALSE(parse_patch_state(""));
    CHECK_FALSE(parse_patch_state("2\n"));
    CHECK_FALSE(parse_patch_state("1x"));
}

// A /proc-shaped tree: what tasks_holding reads (pid/task/tid/{patch_state,
// comm,stack}).
static void fake_task(const fs::path &proc, int pid, int tid, const char *state,
                      const char *comm, const char *stack, unsigned flags = 0x400000)
{
    fs::path d = proc / std::to_string(pid) / "task" / std::to_string(tid);
    fs::create_directories(d);
    std::ofstream(d / "patch_state") << state;
    std::ofstream(d / "comm") << comm << "\n";
    std::ofstream(d / "stat") << tid << " (" << comm << ") S 2 0 0 0 -1 " << flags
                              << " 0 0 0 0 0 0\n";
    if (stack)
        std::ofstream(d / "stack") << stack;
}

TEST_CASE("the tasks holding a transition are those not yet in the target state")
{
    fs::path proc = fs::temp_directory_path() / ("kpatch-cli-proc-" + std::to_string(getpid()));
    fs::remove_all(proc);
    fake_task(proc, 1, 1, "1\n", "init", "[<0>] do_wait+0x1/0x2\n");
    fake_task(proc, 42, 42, "0\n", "kpt_sleeper", "[<0>] kpt_wait_here+0x3b/0x70 [kpt_target]\n",
              0x208040);
    fake_task(proc, 50, 50, "1\n", "app", "");
    fake_task(proc, 50, 51, "0\n", "app-worker", nullptr);  // no stack file
    fake_task(proc, 60, 60, "-1\n", "late", "");  // transition ended for it
    fs::create_directories(proc / "self");
    std::ofstream(proc / "version") << "Linux";

    auto held = tasks_holding(kKlpPatched, proc.string());
    REQUIRE(held.size() == 2);
    CHECK(held[0].pid == 42);
    CHECK(held[0].comm == "kpt_sleeper");
    CHECK(held[0].state == kKlpUnpatched);
    CHECK(held[0].stack.find("kpt_wait_here") != std::string::npos);
    CHECK(held[0].kernel_thread);
    CHECK_FALSE(held[1].kernel_thread);
    CHECK(held[1].pid == 51);
    CHECK(held[1].stack.empty());
    CHECK(held[1].stack_error.find("No such file") != std::string::npos);

    std::string r = held_report("livepatch_t", kKlpPatched, std::chrono::seconds(3), held);
    CHECK(r.find("livepatch_t: the transition to patched did not finish within 3 s; 2 tasks")
          != std::string::npos);
    CHECK(r.find("  kpt_sleeper (pid 42, kernel thread), stack:\n    [<0>] kpt_wait_here+0x3b/0x70 "
                 "[kpt_target]\n") != std::string::npos);
    CHECK(r.find("app-worker (pid 51): stack unavailable (") != std::string::npos);
    CHECK(r.find("kill -STOP PID") != std::string::npos);
    CHECK(r.find("kpatch unload livepatch_t") != std::string::npos);
    CHECK(r.find("echo 1 > /sys/kernel/livepatch/livepatch_t/force") != std::string::npos);

    // Unpatching: the patched ones hold it.
    auto back = tasks_holding(kKlpUnpatched, proc.string());
    REQUIRE(back.size() == 2);
    CHECK(back[0].pid == 1);
    CHECK(back[1].pid == 50);
    CHECK(back[1].stack_error.find("is empty") != std::string::npos);
    fs::remove_all(proc);
}

TEST_CASE("kernel threads are told apart by PF_KTHREAD in their stat")
{
    CHECK(stat_is_kernel_thread("358 (kpt_sleeper) S 2 0 0 0 -1 2129984 0 0"));
    // A comm may hold spaces and parentheses: fields count after the last ')'.
    CHECK_FALSE(stat_is_kernel_thread("77 (a) b (c)) S 1 77 77 0 -1 4194560 12 0"));
    CHECK_FALSE(stat_is_kernel_thread("77 (short) S 1"));
    CHECK_FALSE(stat_is_kernel_thread(""));
}

TEST_CASE("a held transition with no task to blame says so")
{
    std::string r = held_report("p", kKlpUnpatched, std::chrono::seconds(60), {});
    CHECK(r.find("transition to unpatched did not finish within 60 s; no task") !=
          std::string::npos);
    CHECK(r.find("keep the patch instead: echo 1 > /sys/kernel/livepatch/p/enabled") !=
          std::string::npos);
}

}
