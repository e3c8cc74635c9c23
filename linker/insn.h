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
#include <optional>
#include <vector>

#include "elf/object.h"

namespace kpatch::link {

// How many bytes past a relocated field the target's offset is counted
// from: [lo, hi], exact when lo == hi.
struct FieldBias {
    uint64_t lo = 0, hi = 0;
};

// A PC-relative field the assembler filled in itself: a call, a jump or a
// RIP-relative operand whose target lies in the field's own section, so
// no relocation records it.  Functions the kernel places in a named
// section (`__sched` -> .sched.text, `__ref` -> .ref.text, ...) share it
// even with -ffunction-sections, and call each other that way.
struct ResolvedRef {
    uint64_t offset = 0;  // of the field, in the section
    unsigned width = 0;   // bytes: 4, or 1 for a short jump
    uint64_t target = 0;  // offset in the section
    uint64_t bias = 0;    // from the field to the end of its instruction
    uint64_t insn = 0;    // offset of the instruction
};

class CodeMap {
public:
    explicit CodeMap(const elf::Object &obj) : obj_(obj) {}

    // For the relocation `r` of section `shndx`: 0 for data and absolute
    // types; for a PC-relative field in code, the distance from the field
    // to the end of its instruction; [4, 8] when the code cannot be decoded
    // (a 4-byte field, then at most a 4-byte immediate).
    FieldBias bias(uint32_t shndx, const elf::Rela &r) const;

    // The resolved references of the code in [begin, end) of section
    // shndx whose target lies outside that range; nullopt when the range
    // does not decode as whole instructions from `begin`.
    std::optional<std::vector<ResolvedRef>> resolved_refs(uint32_t shndx, uint64_t begin,
                                                          uint64_t end) const;

    // Every resolved reference of the code in [begin, end), those that
    // stay inside it too (a loop's jump back); nullopt as above.
    std::optional<std::vector<ResolvedRef>> resolved_fields(uint32_t shndx, uint64_t begin,
                                                            uint64_t end) const;

private:
    // Instruction start offsets of a code section, up to the first byte
    // that does not decode.
    const std::vector<uint64_t> &starts(uint32_t shndx) const;

    const elf::Object &obj_;
    mutable std::map<uint32_t, std::vector<uint64_t>> starts_;
};

}  // namespace kpatch::link
