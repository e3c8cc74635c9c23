// SPDX-License-Identifier: GPL-2.0
//
// builder_state.h - private to the Builder's files (builder.cc,
// builder_special.cc, builder_lone.cc): the state of one unit being built
// and the small lookups they share.
#pragma once

#include <elf.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "builder.h"

namespace kpatch::link {

struct Builder::State {
    const Unit &u;
    CodeMap patched_code;                           // instruction ends of u.patched
    CodeMap orig_code;                              // and of u.orig
    std::map<uint32_t, std::vector<Chunk>> chunks;  // input section -> copied ranges
    std::map<uint32_t, uint32_t> out_secs;          // input section -> output section
    std::map<uint32_t, uint32_t> lone_secs;         // function taken alone -> output section
    std::map<uint32_t, uint32_t> out_syms;          // input symbol -> output symbol
    std::vector<Chunk> pending;                     // relocations not yet walked
    std::set<std::string, std::less<>> included;    // function symbols
};

inline const elf::Rela *rela_at(const elf::Section &sec, uint64_t at)
{
    for (const elf::Rela &r : sec.relas)
        if (r.offset == at)
            return &r;
    return nullptr;
}

// Whether sym's section holds other functions too: a named section such as
// .sched.text (builder_lone.cc).
inline bool shares_section(const elf::Object &obj, const elf::Symbol &sym)
{
    for (const elf::Symbol *other : obj.symbols_in_section(sym.shndx))
        if (other->type == STT_FUNC && other->value != sym.value)
            return true;
    return false;
}

}  // namespace kpatch::link
