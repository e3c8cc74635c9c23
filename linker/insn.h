// SPDX-License-Identifier: GPL-2.0
//
// insn.h - where a PC-relative relocation in code really points.
//
// x86-64 adds a RIP-relative displacement to the address of the *next*
// instruction, so a section-relative reference `.data.once - 4` means
// .data.once+0 for `movzbl x(%rip)` but .data.once+1 for `cmpb $0,
// x(%rip)`, whose 1-byte immediate follows the field.  With -fdata-sections
// such sections hold several one-byte variables (WARN_ONCE flags), so the
// addend alone does not say which one: the instruction must be decoded.
// Decoding uses Zydis (Debian: libzydis-dev), from the start of the
// section, one section at a time, on demand.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "elf/object.h"

namespace kpatch::link {

// How many bytes past a relocated field the target's offset is counted
// from: [lo, hi], exact when lo == hi.
struct FieldBias {
    uint64_t lo = 0, hi = 0;
};

class CodeMap {
public:
    explicit CodeMap(const elf::Object &obj) : obj_(obj) {}

    // For the relocation `r` of section `shndx`: 0 for data and absolute
    // types; for a PC-relative field in code, the distance from the field
    // to the end of its instruction; [4, 8] when the code cannot be decoded
    // (a 4-byte field, then at most a 4-byte immediate).
    FieldBias bias(uint32_t shndx, const elf::Rela &r) const;

private:
    // Instruction start offsets of a code section, up to the first byte
    // that does not decode.
    const std::vector<uint64_t> &starts(uint32_t shndx) const;

    const elf::Object &obj_;
    mutable std::map<uint32_t, std::vector<uint64_t>> starts_;
};

}  // namespace kpatch::link
