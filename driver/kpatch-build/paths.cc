// SPDX-License-Identifier: GPL-2.0
//
// paths.cc - see paths.h.
#include "paths.h"

#include <fmt/core.h>

namespace kpatch::build {
namespace {

DataPaths installed_layout(const fs::path &prefix)
{
    DataPaths p;
    p.plugin = prefix / "lib" / "kpatch" / "kpatch.so";
    p.core_symvers = prefix / "lib" / "kpatch" / "Module.symvers";
    p.patch_dir = prefix / "share" / "kpatch" / "patch";
    p.include_dir = prefix / "share" / "kpatch" / "include";
    p.core_dir = prefix / "share" / "kpatch" / "core";
    p.kernel_release = prefix / "share" / "kpatch" / "kernel-release";
    p.installed = true;
    p.how_to_build = fmt::format("reinstall kpatch into {}", prefix.string());
    return p;
}

DataPaths build_tree_layout()
{
    const fs::path src = KPATCH_SOURCE_DIR, bin = KPATCH_BINARY_DIR;
    DataPaths p;
    p.plugin = bin / "gcc-plugin" / "kpatch.so";
    p.core_symvers = bin / "kmod" / "core" / "Module.symvers";
    p.patch_dir = src / "kmod" / "patch";
    p.include_dir = src / "include";
    p.core_dir = src / "kmod" / "core";
    p.kernel_release = src / "scripts" / "kernel-release";
    p.how_to_build = fmt::format("cmake --build {}", bin.string());
    return p;
}

DataPaths find_paths()
{
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path prefix = exe.parent_path().parent_path();
        if (fs::exists(prefix / "share" / "kpatch" / "patch" / "kpatch-patch.c"))
            return installed_layout(prefix);
    }
    return build_tree_layout();
}

}  // namespace

const DataPaths &data_paths()
{
    static const DataPaths paths = find_paths();
    return paths;
}

}  // namespace kpatch::build
