// SPDX-License-Identifier: GPL-2.0
//
// special.cc - special-section layouts (see special.h) and the masks of
// original-code verification.
#include "special.h"

#include <elf.h>

#include <algorithm>

#include <fmt/core.h>

#include "link.h"

namespace kpatch::link {
namespace {

// Linux 6.1, x86-64, CONFIG_GENERIC_BUG_RELATIVE_POINTERS, CONFIG_DEBUG_BUGVERBOSE.
constexpr SpecialKind kSpecials[] = {
    {"__bug_table", 12, 0, SiteKind::None, {}, 0, "struct bug_entry", {}, {}, 0},
    {"__ex_table", 12, 0, SiteKind::None, {}, 0, "struct exception_table_entry", {}, {}, 0},
    {"__jump_table", 16, 0, SiteKind::JumpLabel, {}, 0, "struct jump_entry", {}, {}, 0},
    {".altinstructions", 12, 0, SiteKind::Alternative, {}, 0, "struct alt_instr", {}, "instrlen", 10},
    {".parainstructions", 16, 0, SiteKind::Paravirt, {}, 0, "struct paravirt_patch_site", {}, "len", 9},
    {".static_call_sites", 8, 0, SiteKind::CallSite, {}, 0, "struct static_call_site", {}, {}, 0},
    {".retpoline_sites", 4, 0, SiteKind::CallSite, {}, 0, "s32", {}, {}, 0},
    {".return_sites", 4, 0, SiteKind::CallSite, {}, 0, "s32", {}, {}, 0},
    {".smp_locks", 4, 0, SiteKind::LockPrefix, {}, 0, "s32", {}, {}, 0},
    {"__mcount_loc", 8, 0, SiteKind::Mcount, {}, 0, "unsigned long", {}, {}, 0},
    {"__patchable_function_entries", 8, 0, SiteKind::Mcount, {}, 0, "unsigned long", {}, {}, 0},
    {".orc_unwind_ip", 4, 0, SiteKind::None, ".orc_unwind", 6, "int", "struct orc_entry", {}, 0},
};

constexpr std::string_view kDropped[] = {
    ".discard", ".note", ".comment", ".orc_unwind",
    ".altinstr_replacement", ".kpatch.",
};

}  // namespace

const SpecialKind *find_special(std::string_view section)
{
    for (const SpecialKind &k : kSpecials)
        if (k.name == section)
            return &k;
    return nullptr;
}

std::string layout_checks()
{
    std::string out;
    for (const SpecialKind &k : kSpecials) {
        out += fmt::format("\tBUILD_BUG_ON(sizeof({}) != {}); /* {} */\n", k.ctype, k.entsize, k.name);
        if (!k.paired_ctype.empty())
            out += fmt::format("\tBUILD_BUG_ON(sizeof({}) != {}); /* {} */\n", k.paired_ctype,
                               k.paired_entsize, k.paired);
        if (!k.len_field.empty())
            out += fmt::format("\tBUILD_BUG_ON(offsetof({}, {}) != {});\n", k.ctype, k.len_field,
                               k.len_offset);
    }
    return out;
}

bool is_dropped_section(std::string_view section)
{
    return std::any_of(std::begin(kDropped), std::end(kDropped),
                       [&](std::string_view p) { return section.starts_with(p); });
}

unsigned rela_width(uint32_t type)
{
    switch (type) {
    case R_X86_64_64:
    case R_X86_64_PC64:
        return 8;
    case R_X86_64_PC32:
    case R_X86_64_PLT32:
    case R_X86_64_32:
    case R_X86_64_32S:
        return 4;
    default:
        return 0;
    }
}

bool rela_is_pcrel(uint32_t type)
{
    return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_PC64;
}

std::vector<SpecialEntry> special_entries(const elf::Object &obj, const elf::Section &sec,
                                          const SpecialKind &kind)
{
    auto bad = [&](std::string_view what) {
        return Error(fmt::format("{}: section '{}': {}; this kpatch-link knows the Linux 6.1 "
                                 "x86-64 layout ({}-byte entries)",
                                 obj.path(), sec.name, what, kind.entsize));
    };
    if (sec.data.size() != sec.size)
        throw bad("section has no contents (SHT_NOBITS)");
    if (sec.size % kind.entsize)
        throw bad(fmt::format("size {} is not a multiple of the entry size", sec.size));
    std::vector<SpecialEntry> out;
    auto rela = sec.relas.begin();
    for (uint64_t off = 0; off < sec.size; off += kind.entsize) {
        uint64_t key = off + kind.key_offset;
        while (rela != sec.relas.end() && rela->offset < key)
            ++rela;
        if (rela == sec.relas.end() || rela->offset != key)
            throw bad(fmt::format("entry at offset {:#x} has no relocation at its code field", off));
        const elf::Symbol &sym = obj.symbol(rela->symbol);
        if (!sym.is_defined())
            throw bad(fmt::format("entry at offset {:#x} points outside the object ('{}')", off,
                                  sym.name));
        out.push_back({off, sym.shndx, sym.value + static_cast<uint64_t>(rela->addend)});
    }
    return out;
}

namespace {

uint8_t byte_at(const elf::Section &sec, uint64_t off)
{
    return off < sec.data.size() ? sec.data[off] : 0;
}

}  // namespace

// A jump label site is a 2-byte (jmp8 / 2-byte nop) or 5-byte (jmp32 /
// 5-byte nop) instruction; which one is in the object's bytes.
uint64_t jump_site_len(const elf::Section &text, uint64_t site)
{
    uint8_t b0 = byte_at(text, site), b1 = byte_at(text, site + 1);
    return (b0 == 0xeb || (b0 == 0x66 && b1 == 0x90)) ? 2 : 5;
}

namespace {


// A rewritable call/jmp ends with a rel32 relocated field starting 1-3
// bytes into it (opcode, cs prefix, 0x0f escape); mask up to its end.
uint64_t call_site_len(const elf::Section &text, uint64_t site)
{
    for (const elf::Rela &r : text.relas)
        if (r.offset > site && r.offset <= site + 3)
            return r.offset + 4 - site;
    return 5;
}

uint64_t site_len(const elf::Object &obj, const elf::Section &special, const SpecialKind &kind,
                  const SpecialEntry &e, const elf::Section &text)
{
    switch (kind.site) {
    case SiteKind::Alternative:
    case SiteKind::Paravirt:
        return byte_at(special, e.offset + kind.len_offset);
    case SiteKind::JumpLabel:
        return jump_site_len(text, e.target_offset);
    case SiteKind::CallSite:
        return call_site_len(text, e.target_offset);
    case SiteKind::LockPrefix:
        return 1;
    case SiteKind::Mcount:
        return 5;
    case SiteKind::None:
        break;
    }
    (void)obj;
    return 0;
}

std::vector<Range> merge(std::vector<Range> r)
{
    std::sort(r.begin(), r.end(), [](const Range &a, const Range &b) { return a.begin < b.begin; });
    std::vector<Range> out;
    for (const Range &x : r) {
        if (!out.empty() && x.begin <= out.back().end)
            out.back().end = std::max(out.back().end, x.end);
        else
            out.push_back(x);
    }
    return out;
}

}  // namespace

namespace {

// Appends [b, e) clipped to [func_begin, func_end), relative to func_begin.
void add_range(std::vector<Range> &ranges, uint64_t func_begin, uint64_t func_end, uint64_t b,
               uint64_t e)
{
    b = std::max(b, func_begin);
    e = std::min(e, func_end);
    if (b < e)
        ranges.push_back({b - func_begin, e - func_begin});
}

}  // namespace

std::vector<Range> special_site_ranges(const elf::Object &obj, uint32_t text_sec,
                                       uint64_t func_begin, uint64_t func_end)
{
    const elf::Section &text = obj.section(text_sec);
    std::vector<Range> ranges;
    for (const elf::Section &sec : obj.sections()) {
        const SpecialKind *kind = find_special(sec.name);
        if (!kind || kind->site == SiteKind::None)
            continue;
        for (const SpecialEntry &e : special_entries(obj, sec, *kind))
            if (e.target_section == text_sec)
                add_range(ranges, func_begin, func_end, e.target_offset,
                          e.target_offset + site_len(obj, sec, *kind, e, text));
    }
    return ranges;
}

std::vector<Range> verification_masks(const elf::Object &obj, uint32_t text_sec,
                                      uint64_t func_begin, uint64_t func_end)
{
    std::vector<Range> ranges = special_site_ranges(obj, text_sec, func_begin, func_end);
    for (const elf::Rela &r : obj.section(text_sec).relas) {
        uint64_t w = std::max(rela_width(r.type), 4u);
        // ftrace turns the whole 5-byte call into a nop, opcode included.
        bool fentry = obj.symbol(r.symbol).name == "__fentry__";
        add_range(ranges, func_begin, func_end, fentry ? r.offset - 1 : r.offset, r.offset + w);
    }
    return merge(std::move(ranges));
}

}  // namespace kpatch::link
