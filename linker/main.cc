// SPDX-License-Identifier: GPL-2.0
//
// main.cc - kpatch-link: command-line front end of the linker stage.
//
//   kpatch-link -o OUT [--symvers FILE] [--release R] [--version V]
//               [--replace] [--format kpatch|klp] [--object NAME] [--stock STOCK] ORIG PATCHED
//               [[--object NAME] [--stock STOCK] ORIG PATCHED ...]
//   kpatch-link --klp-finish MODULE.ko [-o OUT.ko]
//
// --object applies to the pairs that follow it (default vmlinux); --stock
// to the next pair only (link.h, Pair::stock).
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "klp_finish.h"
#include "link.h"
#include "special.h"

namespace {

constexpr const char *kUsage =
    "usage: kpatch-link -o OUT [--symvers Module.symvers] [--release RELEASE]\n"
    "                   [--version UTS_VERSION] [--replace] [--format kpatch|klp] [-v]\n"
    "                   [--object vmlinux|MODULE] [--stock STOCK.o] ORIG.o PATCHED.o [...]\n"
    "                   [--image VMLINUZ] [--cache-dir DIR]\n"
    "       kpatch-link --klp-finish MODULE.ko [-o OUT.ko]\n"
    "       kpatch-link --layout-checks   (BUILD_BUG_ON lines for a test module)\n"
    "Builds the patch object from original/patched pairs compiled with the kpatch plugin.\n"
    "STOCK.o: the original compiled with the kernel's own flags (no plugin), whose\n"
    "symbol order tells the running kernel's.  --format klp: for the kernel's own\n"
    "livepatch (the kmod/patch/livepatch-patch.c template); VMLINUZ: the stock\n"
    "image whose kallsyms give livepatch's symbol positions (DIR keeps it\n"
    "decompressed; default ~/.cache/kpatch).  --klp-finish: the\n"
    "post-link step of such a module (after kbuild, before signing): writes its\n"
    "livepatch relocations as .klp.rela sections (in place without -o).\n";

struct Cli {
    kpatch::link::Options options;
    bool verbose = false;
    std::string klp_finish;  // --klp-finish: the module to finish
};

kpatch::link::Format format(const std::string &name)
{
    if (name == "kpatch")
        return kpatch::link::Format::Kpatch;
    if (name == "klp")
        return kpatch::link::Format::Klp;
    throw kpatch::Error(fmt::format("--format {}: not a format; say kpatch or klp", name));
}

Cli parse(int argc, char **argv)
{
    Cli cli;
    std::string object = "vmlinux";
    std::string stock;
    std::vector<std::string> files;
    auto value = [&](int &i) -> std::string {
        if (i + 1 >= argc)
            throw kpatch::Error(fmt::format("{} needs a value\n{}", argv[i], kUsage));
        return argv[++i];
    };
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "-o")
            cli.options.output = value(i);
        else if (a == "--symvers")
            cli.options.symvers = value(i);
        else if (a == "--release")
            cli.options.kernel_release = value(i);
        else if (a == "--version")
            cli.options.kernel_version = value(i);
        else if (a == "--replace")
            cli.options.replace = true;
        else if (a == "--format")
            cli.options.format = format(value(i));
        else if (a == "--image")
            cli.options.symbols.image = value(i);
        else if (a == "--cache-dir")
            cli.options.symbols.cache_dir = value(i);
        else if (a == "--klp-finish")
            cli.klp_finish = value(i);
        else if (a == "-v")
            cli.verbose = true;
        else if (a == "--layout-checks") {
            // For a test module: checks this tool's special-section
            // layouts against the target kernel's headers.
            fmt::print("{}", kpatch::link::layout_checks());
            std::exit(0);
        }
        else if (a == "--object") {
            if (files.size() % 2)
                throw kpatch::Error("--object between the two files of a pair");
            object = value(i);
        } else if (a == "--stock") {
            if (files.size() % 2)
                throw kpatch::Error("--stock between the two files of a pair");
            stock = value(i);
        } else if (a == "-h" || a == "--help") {
            fmt::print("{}", kUsage);
            std::exit(0);
        } else if (a.starts_with("-"))
            throw kpatch::Error(fmt::format("unknown option {}\n{}", a, kUsage));
        else {
            files.push_back(a);
            if (files.size() % 2 == 0) {
                cli.options.pairs.push_back({.original = files[files.size() - 2],
                                             .patched = a,
                                             .object = object,
                                             .stock = stock});
                stock.clear();
            }
        }
    }
    if (!cli.klp_finish.empty()) {
        if (!files.empty())
            throw kpatch::Error(fmt::format("--klp-finish takes one module\n{}", kUsage));
        return cli;
    }
    if (files.size() % 2 || files.empty() || cli.options.output.empty())
        throw kpatch::Error(fmt::format("need -o and pairs of ORIG PATCHED objects\n{}",
                                              kUsage));
    return cli;
}

int finish(const Cli &cli)
{
    const std::string &out = cli.options.output.empty() ? cli.klp_finish : cli.options.output;
    kpatch::link::FinishReport r = kpatch::link::finish_klp(cli.klp_finish, out);
    if (cli.verbose)
        fmt::print("{}: {} livepatch relocations in {} sections, {} symbols\n", out,
                   r.relocations, r.sections, r.symbols);
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    try {
        Cli cli = parse(argc, argv);
        if (!cli.klp_finish.empty())
            return finish(cli);
        auto start = std::chrono::steady_clock::now();
        kpatch::link::Report r = kpatch::link::link(cli.options);
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
        if (cli.verbose) {
            for (const auto &f : r.functions) {
                std::string why;
                for (const auto &s : f.reasons)
                    why += (why.empty() ? "" : "; ") + s;
                // "changed"/"new" is whether it replaces a function; why it
                // is in, when that is not its own change, in parentheses.
                bool own = f.why == "changed" || f.why == "new";
                fmt::print("{}: {} '{}'{}: {}\n", f.file, f.is_new ? "new" : "changed", f.symbol,
                           own ? "" : " (" + f.why + ")", why);
            }
            for (const auto &n : r.notes)
                fmt::print("note: {}\n", kpatch::to_string(n));
            fmt::print("{} functions, {} dynamic relocations, {} symbols, {} hooks, {:.1f} ms\n",
                       r.functions.size(), r.dynrelas, r.symbols, r.hooks, ms.count());
            for (const auto &l : r.locations)
                fmt::print("symbol {}\n", l);
        }
        return 0;
    } catch (const std::exception &e) {
        fmt::print(stderr, "kpatch-link: error: {}\n", e.what());
        return 1;
    }
}
