// SPDX-License-Identifier: GPL-2.0
//
// anchors.h - how the core module tells same-named local symbols apart in
// kallsyms without a System.map (see "Symbol resolution" in abi.h).
//
// A local symbol's anchors are its neighbours of the same class in the
// original object, in address order: up to kAnchorRadius before it, the
// symbol itself, up to kAnchorRadius after it.  The class is the symbol's
// section name with the per-symbol suffix of -ffunction-sections /
// -fdata-sections removed (".text.foo" -> ".text"), so the order matches
// the one the kernel's linker script produces.  Global symbols get no
// anchors: the kernel link already forbids two of one name per object.
//
// The order is the stock object's when there is one (link.h, Pair::stock):
// -fdata-sections changes how GCC lays out data (a zero-initialized static
// is a `.local`/`.comm` symbol that gas puts after the explicit .bss
// contents in the kernel's build, but gets its own section, in emission
// order, with -fdata-sections), so only an object compiled like the
// running kernel tells its neighbours.  Zero-size neighbours share their
// address with the next symbol, and kallsyms orders such ties its own
// way: they are no anchors.  Nor are weak definitions: another object may
// override one (module_finalize() of kernel/module/main.c gives way to
// arch/x86's), and then kallsyms has no such symbol here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "elf/object.h"
#include "kpatch/fingerprint.h"

namespace kpatch::link {

inline constexpr size_t kAnchorRadius = 2;

struct Anchors {
    std::vector<std::string> names;  // empty: no anchors needed
    uint32_t self = 0;               // index of the symbol itself in names
};

// `stock` may be null; a symbol it lacks (or has twice) falls back to orig.
Anchors anchors_for(const elf::Object &orig, const elf::Symbol &sym, const elf::Object *stock);

}  // namespace kpatch::link
