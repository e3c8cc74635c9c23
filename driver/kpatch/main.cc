// SPDX-License-Identifier: GPL-2.0
//
// main.cc - kpatch: manage live patches on the machine they patch.
//
//   kpatch load [--core KO] KO...   insert, wait until it is enabled, report
//   kpatch load --all               every module installed for this kernel
//   kpatch unload NAME...           disable, then remove
//   kpatch list                     loaded patches with their state, and installed ones
//   kpatch info KO                  what a patch module patches, for which kernel
//   kpatch install KO               load at boot (kpatch.service)
//   kpatch uninstall NAME
//
// Both kinds of patch module (patch_kind.h); loading and unloading one
// is apply.h's, this file parses arguments and prints.
//
// Static binary: runs in the VM's busybox initramfs as well.
#include "apply.h"
#include "install.h"
#include "json_out.h"
#include "kernel.h"
#include "ko_file.h"
#include "livepatch.h"

#include <kpatch/abi.h>

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace kpatch::cli;
using kpatch::module_name;
namespace fs = std::filesystem;

namespace {

struct Args {
    std::string command;
    std::vector<std::string> operands;
    std::string root;   // --root DIR (install/uninstall/list)
    bool all = false;
    bool json = false;  // --json (list, info)
    LoadOptions load;   // --core KO, --timeout S (load, unload)
};

const char *kUsage = R"(usage: kpatch COMMAND [options] [ARGS]

commands:
  load [--core KPATCH.KO] [--timeout S] PATCH.KO...
                                       load patch modules and wait until enabled
  load --all                           load every patch installed for this kernel
  unload [--timeout S] NAME...         disable and remove patch modules
  list [--json]                        loaded patches (state) and installed ones
  info [--json] PATCH.KO               what a patch module patches, for which kernel
  install PATCH.KO                     load it at every boot (kpatch.service)
  uninstall NAME                       stop loading it at boot

NAME is a module name (kpatch_foo), a file name (kpatch-foo.ko) or a path.
PATCH.KO is a kpatch-format module (kpatch-NAME.ko, needs the core module
kpatch.ko) or a livepatch-format one (livepatch-NAME.ko, kpatch-build
--format klp, or any module with modinfo livepatch=Y: the kernel's own
livepatch applies it).
--root DIR prefixes the install paths (/var/lib/kpatch, /etc/systemd).
--json prints one JSON object instead (keys: driver/kpatch/json_out.h).
--timeout SECONDS: how long load and unload wait for a livepatch
  transition (default 60); when it does not finish they name the tasks
  that hold it and what can be done.
)";

std::string self_exe()
{
    std::error_code ec;
    auto p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("/usr/sbin/kpatch") : p.string();
}

int cmd_load(const Args &a)
{
    std::vector<std::string> kos = a.operands;
    if (a.all)
        kos = installed(running_release(), a.root);
    if (kos.empty()) {
        if (a.all)
            return 0;  // nothing installed: the boot unit has nothing to do
        throw std::runtime_error("load: no patch module given");
    }
    int rc = 0;
    for (const auto &ko : kos) {
        try {
            load_patch(a.load, ko);
        } catch (const std::exception &e) {
            fmt::print(stderr, "kpatch: error: {}\n", e.what());
            rc = 1;
        }
    }
    return rc;
}

int cmd_unload(const Args &a)
{
    if (a.operands.empty())
        throw std::runtime_error("unload: name a patch (kpatch list shows them)");
    int rc = 0;
    for (const auto &n : a.operands) {
        try {
            unload_patch(a.load, module_name(n));
        } catch (const std::exception &e) {
            fmt::print(stderr, "kpatch: error: {}\n", e.what());
            rc = 1;
        }
    }
    return rc;
}

// " (livepatch, transition 0)", " (livepatch, transition 1: unpatching)"
std::string livepatch_note(const PatchState &p)
{
    if (!p.transition)
        return " (livepatch, transition 0)";
    return fmt::format(" (livepatch, transition 1: {})", p.enabled ? "patching" : "unpatching");
}

int cmd_list(const Args &a)
{
    bool core = core_loaded();
    std::vector<PatchState> loaded = core ? patches() : std::vector<PatchState>{};
    for (PatchState &p : livepatches())
        loaded.push_back(std::move(p));
    if (a.json) {
        fmt::print("{}\n", dump_json(list_json(running_release(), core, loaded,
                                               installed(running_release(), a.root))));
        return 0;
    }
    fmt::print("Loaded patch modules:\n");
    for (const auto &p : loaded) {
        fmt::print("{} [{}]{}\n", p.name, p.enabled ? "enabled" : "disabled",
                   p.kind == PatchKind::livepatch ? livepatch_note(p) : "");
        for (const auto &[obj, patched] : p.objects)
            fmt::print("  {}: {}\n", obj, patched ? "patched" : "waiting for the module");
        for (const auto &f : p.functions)
            fmt::print("    {}:{} ({})\n", f.object, f.name, f.route);
    }
    fmt::print("\nInstalled patch modules ({}):\n", running_release());
    for (const auto &ko : installed(running_release(), a.root))
        fmt::print("{}\n", ko);
    return 0;
}

void print_kpatch_info(const KoInfo &info)
{
    fmt::print("kind:       kpatch (applied by the core module kpatch.ko)\n");
    fmt::print("kernel:     {}\n", info.kernel_release);
    fmt::print("abi:        {}{}\n", info.abi_version,
               info.patch_flags & KPATCH_PATCH_REPLACE ? ", replaces all earlier patches" : "");
    fmt::print("functions:  {}\n", info.functions.size());
    for (const auto &f : info.functions)
        fmt::print("  {}:{} ({} -> {} bytes){}{}{}\n", f.object, f.name, f.old_size, f.new_size,
                   f.flags & KPATCH_FUNC_FORCE_UNSAFE ? " force-unsafe" : "",
                   f.flags & KPATCH_FUNC_ENTRY_PAD ? " entry-pad" : "",
                   f.flags & KPATCH_FUNC_ENTRY_JUMP ? " entry-jump" : "");
    fmt::print("dynrelas:   {}\n", info.nr_dynrelas);
    fmt::print("hooks:      {}\n", info.nr_hooks);
}

void print_livepatch_info(const KoInfo &info)
{
    fmt::print("kind:       livepatch (applied by the kernel's livepatch, no core module)\n");
    if (!info.klp_table) {
        fmt::print("functions:  not listed (no {} tables: not built by kpatch-build)\n",
                   ".kpatch.klp");
        return;
    }
    fmt::print("kernel:     {}\n", info.kernel_release);
    fmt::print("format:     {}{}\n", info.abi_version,
               info.patch_flags & KPATCH_PATCH_REPLACE ? ", replaces all earlier patches" : "");
    fmt::print("functions:  {}\n", info.functions.size());
    for (const auto &f : info.functions)
        fmt::print("  {}:{}{}\n", f.object, f.name,
                   f.sympos ? fmt::format(" (sympos {})", f.sympos) : "");
    fmt::print("hooks:      {}\n", info.nr_hooks);
}

int cmd_info(const Args &a)
{
    if (a.operands.size() != 1)
        throw std::runtime_error("info: name one patch module file");
    KoInfo info = read_ko(a.operands[0]);
    if (a.json) {
        fmt::print("{}\n", dump_json(info_json(info)));
        return info.is_patch() ? 0 : 1;
    }
    fmt::print("file:       {}\n", info.path);
    fmt::print("module:     {}\n", info.name);
    fmt::print("vermagic:   {}\n", info.vermagic);
    fmt::print("signed:     {}\n", info.signed_module ? "yes" : "no");
    if (info.kind == PatchKind::kpatch)
        print_kpatch_info(info);
    else if (info.kind == PatchKind::livepatch)
        print_livepatch_info(info);
    else
        fmt::print("not a patch module (no .kpatch.patch section, no modinfo livepatch=Y)\n");
    return info.is_patch() ? 0 : 1;
}

int cmd_install(const Args &a)
{
    if (a.operands.size() != 1)
        throw std::runtime_error("install: name one patch module file");
    KoInfo info = read_ko(a.operands[0]);
    if (!info.is_patch())
        throw std::runtime_error(a.operands[0] + ": not a patch module (neither kpatch nor "
                                 "livepatch format)");
    std::string release = info.kernel_release.empty() ? vermagic_release(info.vermagic)
                                                      : info.kernel_release;
    std::string dest = install_module(a.operands[0], release, a.root, self_exe());
    fmt::print("installed {} for kernel {}: loaded at boot by kpatch.service\n", dest, release);
    return 0;
}

int cmd_uninstall(const Args &a)
{
    if (a.operands.size() != 1)
        throw std::runtime_error("uninstall: name one patch");
    std::string release = running_release();
    fmt::print("uninstalled {}\n", uninstall_module(a.operands[0], release, a.root));
    return 0;
}

std::chrono::seconds parse_timeout(const std::string &v)
{
    size_t end = 0;
    long n = -1;
    try {
        n = std::stol(v, &end);
    } catch (const std::exception &) {
    }
    if (n < 0 || end != v.size())
        throw std::runtime_error("--timeout takes whole seconds (0 or more), not '" + v + "'");
    return std::chrono::seconds(n);
}

Args parse(int argc, char **argv)
{
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::runtime_error(s + " needs an argument");
            return argv[++i];
        };
        if (s == "--core")
            a.load.core = value();
        else if (s == "--root")
            a.root = value();
        else if (s == "--all")
            a.all = true;
        else if (s == "--json")
            a.json = true;
        else if (s == "--timeout")
            a.load.timeout = parse_timeout(value());
        else if (s == "-h" || s == "--help")
            a.command = "help";
        else if (s.starts_with("-") && s.size() > 1)
            throw std::runtime_error("unknown option " + s + " (kpatch --help)");
        else if (a.command.empty())
            a.command = s;
        else
            a.operands.push_back(s);
    }
    return a;
}

}  // namespace

int main(int argc, char **argv)
{
    try {
        Args a = parse(argc, argv);
        if (a.command.empty() || a.command == "help") {
            fmt::print("{}", kUsage);
            return a.command.empty() ? 2 : 0;
        }
        static const std::map<std::string, int (*)(const Args &)> commands = {
            {"load", cmd_load},       {"unload", cmd_unload},   {"list", cmd_list},
            {"info", cmd_info},       {"install", cmd_install}, {"uninstall", cmd_uninstall},
        };
        if (auto it = commands.find(a.command); it != commands.end())
            return it->second(a);
        fmt::print(stderr, "kpatch: unknown command '{}'\n{}", a.command, kUsage);
        return 2;
    } catch (const std::exception &e) {
        fmt::print(stderr, "kpatch: error: {}\n", e.what());
        return 1;
    }
}
