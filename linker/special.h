// SPDX-License-Identifier: GPL-2.0
//
// special.h - the x86-64 special sections of Linux 6.1 whose entries
// point at code: which entry belongs to which function, and which bytes
// of a function the kernel may rewrite at run time.
//
// Entry sizes are those of the kernel's structures on x86-64 6.1
// (struct bug_entry, exception_table_entry, jump_entry, alt_instr,
// paravirt_patch_site, static_call_site, orc_entry, s32 site tables).
// They are checked against the target kernel's headers by the
// link-kbuild ctest (BUILD_BUG_ON on each sizeof), and every section is
// checked here for a whole number of entries with the key relocation
// where the layout says, so a layout change is an error, not a guess.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "elf/object.h"

namespace kpatch::link {

enum class SiteKind : uint8_t {
    None,        // entry does not rewrite code (bug, extable, ORC)
    Alternative, // length in the entry (alt_instr.instrlen)
    Paravirt,    // length in the entry (paravirt_patch_site.len)
    JumpLabel,   // 2- or 5-byte jmp/nop
    CallSite,    // call/jmp rel32 (static call, retpoline, return thunk)
    LockPrefix,  // one byte
    Mcount,      // the 5-byte __fentry__ call
};

struct SpecialKind {
    std::string_view name;
    uint32_t entsize;
    uint32_t key_offset;      // field that points at the code site
    SiteKind site;
    std::string_view paired;  // section with one parallel entry each (ORC)
    uint32_t paired_entsize;
    std::string_view ctype;         // the kernel's entry type
    std::string_view paired_ctype;
    std::string_view len_field;     // field holding the site length, if any
    uint32_t len_offset;
};

const SpecialKind *find_special(std::string_view section);
// C statements (BUILD_BUG_ON) that check every layout above against the
// kernel headers a module is compiled with: kpatch-link --layout-checks.
std::string layout_checks();

// Sections of the object's patch that are dropped (.discard.*, notes, ...).
bool is_dropped_section(std::string_view section);

struct SpecialEntry {
    uint64_t offset;          // of the entry in the special section
    uint32_t target_section;  // where the key points
    uint64_t target_offset;
};

// Every entry of sec; throws kpatch::Error naming obj and sec when the size
// or the relocation pattern does not match the 6.1 layout.
std::vector<SpecialEntry> special_entries(const elf::Object &obj, const elf::Section &sec,
                                          const SpecialKind &kind);

struct Range {
    uint64_t begin;
    uint64_t end;
};

// Byte ranges of [func_begin, func_end) in section text_sec of obj that the
// running kernel may differ in: relocation sites, the __fentry__ call and
// every special-section site.  Offsets relative to func_begin, merged.
std::vector<Range> verification_masks(const elf::Object &obj, uint32_t text_sec,
                                      uint64_t func_begin, uint64_t func_end);

// The special-section sites alone (alternatives, jump labels, static
// calls, thunks, paravirt...) of [func_begin, func_end): bytes the kernel
// may rewrite, relative to func_begin, not merged.
std::vector<Range> special_site_ranges(const elf::Object &obj, uint32_t text_sec,
                                       uint64_t func_begin, uint64_t func_end);

// Length of the jump label site (2 or 5 bytes) at offset site of text.
uint64_t jump_site_len(const elf::Section &text, uint64_t site);

// Width in bytes of the field an x86-64 relocation type patches; 0 if the
// type is not one the linker handles.
unsigned rela_width(uint32_t type);
bool rela_is_pcrel(uint32_t type);

}  // namespace kpatch::link
