// SPDX-License-Identifier: GPL-2.0
//
// entry_jump.cc - may a jmp cover a function's first bytes (entry_jump.h).
#include "entry_jump.h"

#include <fmt/core.h>

#include "special.h"

namespace kpatch::link {
namespace {

struct Covered {
    uint64_t begin, end;  // bytes 1-4 of the function, section offsets

    bool contains(uint64_t at) const { return at >= begin && at < end; }
    bool overlaps(uint64_t lo, uint64_t hi) const { return lo < end && hi >= begin; }
};

// A jump of the function itself into the covered bytes (a loop whose
// head is there, say).
std::string inner_branch(const CodeMap &code, const elf::Symbol &fn, Covered c)
{
    auto fields = code.resolved_fields(fn.shndx, fn.value, fn.value + fn.size);
    if (!fields)
        return "its code does not decode as whole instructions, so the branches into its "
               "first bytes cannot be ruled out";
    for (const ResolvedRef &r : *fields)
        if (c.contains(r.target))
            return fmt::format("the instruction at {}+{:#x} jumps to {}+{:#x}, inside the "
                               "first {} bytes the jmp would cover",
                               fn.name, r.insn - fn.value, fn.name, r.target - fn.value,
                               kEntryJumpLen);
    return "";
}

// Does relocation r of sec name a site (a special section's key field)
// rather than lead somewhere?
bool names_a_site(const elf::Section &sec, const elf::Rela &r)
{
    const SpecialKind *kind = find_special(sec.name);
    return kind && r.offset % kind->entsize == kind->key_offset;
}

// A reference from anywhere in the object into the covered bytes: a jump
// back from an alternative's replacement, a jump table, an exception
// fixup, a jump label's target.
std::string outer_reference(const elf::Object &obj, const CodeMap &code, const elf::Symbol &fn,
                            Covered c)
{
    for (const elf::Section &sec : obj.sections()) {
        if (!sec.is_alloc() || is_dropped_section(sec.name))
            continue;
        for (const elf::Rela &r : sec.relas) {
            const elf::Symbol &t = obj.symbol(r.symbol);
            if (t.shndx != fn.shndx || !t.is_defined() || names_a_site(sec, r))
                continue;
            FieldBias b = code.bias(sec.index, r);
            uint64_t base = t.value + static_cast<uint64_t>(r.addend);
            if (c.overlaps(base + b.lo, base + b.hi))
                return fmt::format("{}+{:#x} refers to {}+{:#x}, inside the first {} bytes the "
                                   "jmp would cover",
                                   sec.name, r.offset, fn.name, base + b.lo - fn.value,
                                   kEntryJumpLen);
        }
    }
    return "";
}

}  // namespace

std::string entry_jump_obstacle(const elf::Object &obj, const CodeMap &code,
                                const elf::Symbol &fn)
{
    if (fn.size < kEntryJumpLen)
        return fmt::format("it is {} bytes long, shorter than the {}-byte jmp that would "
                           "redirect it",
                           fn.size, kEntryJumpLen);
    Covered c{fn.value + 1, fn.value + kEntryJumpLen};
    std::string why = inner_branch(code, fn, c);
    return why.empty() ? outer_reference(obj, code, fn, c) : why;
}

}  // namespace kpatch::link
