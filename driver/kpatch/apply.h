// SPDX-License-Identifier: GPL-2.0
//
// apply.h - load and unload one patch module of either kind
// (patch_kind.h): a kpatch-format one through the core module kpatch.ko
// (found or loaded first), a livepatch-format one through the kernel's
// livepatch, waiting for its transition (livepatch.h).  What a command
// prints besides progress, and which modules it takes, is main.cc's.
#pragma once

#include <chrono>
#include <string>

namespace kpatch::cli {

struct LoadOptions {
    std::string core;                  // --core KO: the core module to load if needed
    std::chrono::seconds timeout{60};  // --timeout S: livepatch transitions
};

// Loads PATH and waits until its patch is enabled (and, for a livepatch,
// its transition finished).  Loading a loaded but disabled patch enables
// it again.  Throws KernelError saying what went wrong and what to do.
void load_patch(const LoadOptions &o, const std::string &path);

// Disables patch NAME (a module name), waits for it to be off, removes
// its module.
void unload_patch(const LoadOptions &o, const std::string &name);

}  // namespace kpatch::cli
