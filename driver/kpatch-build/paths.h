// SPDX-License-Identifier: GPL-2.0
//
// paths.h - where kpatch-build finds what it does not build itself: the
// GCC plugin, the patch-module template and macros, the ABI headers, the
// core module's exports and the kernel-release script.
//
// Installed (`cmake --install`), they sit next to the executable:
// <prefix>/bin/kpatch-build, <prefix>/lib/kpatch/{kpatch.so,Module.symvers},
// <prefix>/share/kpatch/{patch,include,core,kernel-release}.  Run from a
// build tree, they are that build tree and the source tree it came from.
#pragma once

#include <filesystem>

namespace kpatch::build {

namespace fs = std::filesystem;

struct DataPaths {
    fs::path plugin;          // kpatch.so
    fs::path patch_dir;       // the templates (kpatch-patch.c, livepatch-*.c), kpatch-macros.h, ...
    fs::path include_dir;     // holds kpatch/abi.h
    fs::path core_dir;        // the core module: kpatch.h (its API), its sources and Kbuild
    fs::path core_symvers;    // kpatch.ko's Module.symvers (kpatch_register & co)
    fs::path kernel_release;  // scripts/kernel-release
    bool installed = false;
    std::string how_to_build; // what to run when a build-tree file is missing
};

const DataPaths &data_paths();

}  // namespace kpatch::build
