// SPDX-License-Identifier: GPL-2.0
//
// macros.h - read the input sections that kmod/patch/kpatch-macros.h puts
// into a patched object (layouts documented in include/kpatch/abi.h under
// "Patch-author macros").  Only reads; the builder acts on the result.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "elf/object.h"

namespace kpatch::link {

struct HookInput {
    uint32_t kind;     // enum kpatch_hook_kind
    uint32_t symbol;   // function symbol index in the patched object
};

struct MacroInputs {
    std::set<std::string> force_unsafe;      // KPATCH_FORCE_UNSAFE
    std::set<std::string> ignore_functions;  // KPATCH_IGNORE_FUNCTION
    std::set<std::string> ignore_sections;   // KPATCH_IGNORE_SECTION
    std::vector<HookInput> hooks;            // load/unload hooks, callbacks
};

// Throws kpatch::Error naming the object and section on a malformed entry.
MacroInputs read_macro_inputs(const elf::Object &patched);

}  // namespace kpatch::link
