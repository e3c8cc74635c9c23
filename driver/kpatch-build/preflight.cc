// SPDX-License-Identifier: GPL-2.0
//
// preflight.cc - see preflight.h.
#include "preflight.h"

#include "error.h"
#include "util.h"

#include "elf/files.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kpatch::build {
namespace {

void check_readable_file(const char *option, const fs::path &path)
{
    try {
        elf::check_input(path.string());
    } catch (const kpatch::Error &e) {
        throw Error("{} {}", option, e.what());
    }
}

// The nearest existing ancestor of dir (dir itself if it exists).
fs::path existing_ancestor(fs::path dir)
{
    std::error_code ec;
    dir = fs::absolute(dir, ec);
    while (!fs::exists(fs::symlink_status(dir, ec)) && dir.has_relative_path())
        dir = dir.parent_path();
    return dir;
}

void check_output_dir(const Options &opt)
{
    std::error_code ec;
    fs::path dir = opt.outdir;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw Error("-o {}: not a directory; -o names the directory kpatch-{}.ko is written to",
                    dir.string(), opt.name);
    fs::path base = existing_ancestor(dir);
    if (!fs::is_directory(base, ec))
        throw Error("-o {}: {} is not a directory", dir.string(), base.string());
    if (access(base.c_str(), W_OK | X_OK) != 0)
        throw Error("-o {}: cannot write into {}: {}", dir.string(), base.string(),
                    strerror(errno));
    fs::path ko = dir / ("kpatch-" + opt.name + ".ko");
    if (fs::exists(dir, ec)) {
        try {
            elf::check_output(ko.string());
        } catch (const kpatch::Error &e) {
            throw Error("-o {}: {}", dir.string(), e.what());
        }
    }
}

void check_oot_module(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error("--oot-module {}: {}", dir.string(),
                    fs::exists(dir, ec) ? "not a directory" : "no such directory");
    if (!fs::exists(dir / "Kbuild", ec) && !fs::exists(dir / "Makefile", ec))
        throw Error("--oot-module {}: no Kbuild or Makefile: not a module's source directory",
                    dir.string());
}

}  // namespace

void preflight(const Options &opt)
{
    for (const auto &p : opt.patches)
        check_readable_file("patch", p);
    check_output_dir(opt);
    if (!opt.oot_module.empty())
        check_oot_module(opt.oot_module);
    if (!opt.sign_key.empty()) {
        check_readable_file("--sign-key", opt.sign_key);
        check_readable_file("--sign-cert", opt.sign_cert);
    }
    if (!opt.plugin.empty())
        check_readable_file("--plugin", opt.plugin);
}

}  // namespace kpatch::build
