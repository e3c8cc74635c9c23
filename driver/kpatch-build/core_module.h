// SPDX-License-Identifier: GPL-2.0
//
// core_module.h - the core module (kpatch.ko) and its Module.symvers for
// the release a patch is built for.
//
// A patch module links against kpatch.ko's exports (kpatch_register & co):
// their CRCs in Module.symvers, and the core module that must be loaded
// next to it, belong to one kernel release.  The kpatch.ko shipped with
// kpatch-build (build tree or install) is used when its vermagic names the
// target release; otherwise the core is built from its sources (data_paths()
// .core_dir) against /usr/src/linux-headers-RELEASE, once per release and
// source version, and cached under ${XDG_CACHE_HOME:-~/.cache}/kpatch/core/.
// This file does not decide the release (target.h) nor load anything.
#pragma once

#include "target.h"

#include <filesystem>
#include <string>

namespace kpatch::build {

struct CoreModule {
    std::filesystem::path ko;       // kpatch.ko built for release
    std::filesystem::path symvers;  // its Module.symvers
    std::string release;
    bool built = false;             // false: the shipped one, or a cached build
};

// The core module for target.release (its headers must exist: resolve_target
// checks that).  Throws Error when it is neither shipped nor buildable.
CoreModule core_for_release(const Target &target, int jobs);

// The kernel release in a module's vermagic ("6.1.0-57-amd64 SMP ..." ->
// "6.1.0-57-amd64"); empty when the file has no vermagic.
std::string module_release(const std::filesystem::path &ko);

}  // namespace kpatch::build
