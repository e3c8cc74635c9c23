// SPDX-License-Identifier: GPL-2.0
//
// ko_file.h - what a patch module file says about itself, read with libelf
// on any machine: its module name and vermagic (.modinfo), the kernel
// release it was built for and what it patches: the .kpatch.* sections of
// include/kpatch/abi.h for a kpatch-format module, the .kpatch.klp.* ones
// of include/kpatch/klp.h for a livepatch-format one (whose pointers are
// still relocations in the .ko).  A livepatch module built by other means
// (modinfo livepatch=Y, no .kpatch.klp tables) is recognised, its
// functions are not listed.  Reading only; loading is kernel.h's job.
#pragma once

#include "patch_kind.h"

#include <cstdint>
#include <utility>
#include <string>
#include <vector>

namespace kpatch::cli {

struct PatchedFunction {
    std::string object;  // vmlinux or a module name
    std::string name;
    uint64_t old_size = 0;     // kpatch format only
    uint64_t new_size = 0;     // kpatch format only
    uint32_t flags = 0;        // kpatch format only
    uint64_t sympos = 0;       // livepatch format: 0 unique, else the n-th of that name
};

struct KoInfo {
    std::string path;
    std::string name;          // module name (underscores), from .modinfo
    std::string vermagic;
    std::string description;
    // kpatch: has a struct kpatch_patch; livepatch: modinfo livepatch=Y
    // or a struct kpatch_klp_patch.
    PatchKind kind = PatchKind::none;
    bool klp_table = false;    // livepatch: the .kpatch.klp tables were read
    uint32_t abi_version = 0;  // kpatch ABI, or the klp table's version
    uint32_t patch_flags = 0;
    std::string kernel_release;
    std::vector<PatchedFunction> functions;
    uint32_t nr_dynrelas = 0;  // kpatch format only
    uint32_t nr_hooks = 0;
    bool signed_module = false;

    bool is_patch() const { return kind != PatchKind::none; }
};

// Throws std::runtime_error naming the file on unreadable or non-ELF input
// (a directory, a device, a corrupt object: lib/elf's checks).
KoInfo read_ko(const std::string &path);

// The same from bytes in memory (name is used in messages); does not look
// for a signature, which is a property of the file.
KoInfo parse_ko(std::string name, std::vector<uint8_t> bytes);

// "6.1.0-56-amd64" from "6.1.0-56-amd64 SMP preempt mod_unload modversions "
std::string vermagic_release(const std::string &vermagic);

}  // namespace kpatch::cli
