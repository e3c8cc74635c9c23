// SPDX-License-Identifier: GPL-2.0
//
// builder_lone.cc - the Builder's functions taken alone out of a section
// several share (see below and builder.h).
#include "builder.h"

#include <elf.h>

#include <algorithm>

#include <fmt/core.h>

#include "builder_state.h"
#include "kpatch/abi.h"
#include "special.h"

namespace kpatch::link {

// Functions taken alone
// ---------------------
// The kernel places some functions in a named section (`__sched` ->
// .sched.text, `__ref` -> .ref.text, `__kprobes` -> .kprobes.text,
// .spinlock.text, .cpuidle.text, `__meminit`, ...) that all such functions
// of the file share, even with -ffunction-sections.  The assembler
// resolves calls and jumps between them without relocations, so the
// changed one is copied alone and the references it made that way are
// recreated as relocations (insn.h, ResolvedRef).  The running original
// still holds those references as plain bytes, which match: the kernel's
// link keeps a section's internal distances.

bool Builder::has_function_section(const State &st, const elf::Symbol &sym) const
{
    return shares_section(st.u.patched, sym) ? st.lone_secs.contains(sym.index)
                                             : st.out_secs.contains(sym.shndx);
}

// A function taken alone gets an output section of its own, named like
// its input section: the kernel's module linking merges same-named
// sections, so each keeps its entry pad right in front of it, and a
// module's .kprobes.text still tells kprobes to keep out.
uint32_t Builder::function_section(State &st, const elf::Symbol &sym)
{
    if (!shares_section(st.u.patched, sym))
        return out_section_for(st, sym.shndx, false);
    if (auto it = st.lone_secs.find(sym.index); it != st.lone_secs.end())
        return it->second;
    uint32_t id = new_out_section(st.u.patched.section(sym.shndx), false);
    st.lone_secs[sym.index] = id;
    return id;
}

void Builder::include_lone_function(State &st, const elf::Symbol &sym)
{
    const elf::Section &sec = st.u.patched.section(sym.shndx);
    // noinstr code runs where no tracing may happen (entry, idle, early
    // exception paths): no ftrace detour may lead into a copy.  Entry code
    // must stay in the text the user page tables map (PTI).
    if (sec.name.starts_with(".noinstr.text") || sec.name.starts_with(".entry.text"))
        refuse(st, sym.name, sec.name,
               "code in this section runs where it may not be traced or must stay mapped in "
               "user page tables (noinstr, entry code), so it cannot be redirected to a copy",
               "change a function it calls instead");
    if (sym.value > sec.size || sym.size > sec.size - sym.value)
        refuse(st, sym.name, sec.name, "function extends past its section (malformed object)");
    include_range(st, sym.shndx, sym.value, sym.value + sym.size, function_section(st, sym),
                  false);
}

// The references of chunk c's code that the assembler resolved (insn.h)
// and that leave c become relocations: to the copy when the target is
// copied, otherwise to the running kernel's symbol.
void Builder::recreate_resolved_refs(State &st, const Chunk &c)
{
    const elf::Section &sec = st.u.patched.section(c.sec);
    const elf::Symbol *fn = st.u.patched.find_symbol_containing(c.sec, c.begin);
    std::string where = fn ? std::string(fn->name) : fmt::format("{}+{:#x}", sec.name, c.begin);
    auto refs = st.patched_code.resolved_refs(c.sec, c.begin, c.end);
    if (!refs)
        refuse(st, where, sec.name,
               "this code shares its section with other code, so it is copied alone, but it "
               "does not decode as instructions, so the calls and jumps the assembler "
               "resolved in it cannot be found");
    for (const ResolvedRef &r : *refs) {
        if (r.target > sec.size)
            refuse(st, where, sec.name, fmt::format("the instruction at {:#x} jumps outside "
                                                    "its section (malformed object)", r.insn));
        uint64_t out_off = c.out_off + (r.offset - c.begin);
        if (r.width == 1) {
            add_short_jump_trampoline(st, c, r, out_off, where);
            continue;
        }
        if (r.width != 4)
            refuse(st, where, sec.name, fmt::format("the instruction at {:#x} has a {}-byte "
                                                    "PC-relative field (not supported)",
                                                    r.insn, r.width));
        // x86-64 modules use RELA: the loader wants the field zero.
        std::fill_n(writer_.section(c.out_sec).bytes.begin() + out_off, r.width, 0);
        int64_t addend = static_cast<int64_t>(r.target) - static_cast<int64_t>(r.bias);
        Target t = resolve_section_ref(st, c.sec, addend, {r.bias, r.bias});
        if (t.dynamic)
            model_.dynrelas.push_back(
                {c.out_sec, out_off, R_X86_64_PC32, t.index, t.addend, 0, st.u.pair.object});
        else
            writer_.section(c.out_sec).relas.push_back({out_off, R_X86_64_PC32, t.index,
                                                        t.addend});
    }
}

// A short jump (jmp/jcc rel8) to another function of the section, say a
// tail call, has no room for a relocation: it is pointed at a `jmp rel32`
// put after the copy, which carries the relocation.  A task interrupted
// there unwinds with the ORC entry of the short jump, whose stack it has.
void Builder::add_short_jump_trampoline(State &st, const Chunk &c, const ResolvedRef &r,
                                        uint64_t field_out, std::string_view where)
{
    static constexpr uint8_t kTrampoline[] = {0xe9, 0, 0, 0, 0, 0xcc};  // jmp rel32; int3 (SLS)
    const elf::Section &sec = st.u.patched.section(c.sec);
    uint64_t tramp = writer_.section(c.out_sec).bytes.size();
    int64_t disp = static_cast<int64_t>(tramp) - static_cast<int64_t>(field_out + r.bias);
    if (r.bias != 1 || disp > 127) {
        const elf::Symbol *to = st.u.patched.find_symbol_containing(c.sec, r.target);
        refuse(st, where, sec.name,
               fmt::format("a short jump at {:#x} goes to '{}' in the same section, too far "
                           "from the end of the copy for a trampoline",
                           r.insn, to ? to->name : std::string_view("?")),
               fmt::format("mark '{}' noinline or move it out of the section",
                           to ? to->name : std::string_view("?")));
    }
    elf::OutSection &out = writer_.section(c.out_sec);
    out.bytes[field_out] = static_cast<uint8_t>(disp);
    out.bytes.insert(out.bytes.end(), std::begin(kTrampoline), std::end(kTrampoline));
    copy_orc_at(st, c, r.insn, tramp);
    Target t = resolve_section_ref(st, c.sec, static_cast<int64_t>(r.target) - 4, {4, 4});
    if (t.dynamic)
        model_.dynrelas.push_back(
            {c.out_sec, tramp + 1, R_X86_64_PC32, t.index, t.addend, 0, st.u.pair.object});
    else
        writer_.section(c.out_sec).relas.push_back({tramp + 1, R_X86_64_PC32, t.index,
                                                    t.addend});
}

// Gives output address `at` of c's section the ORC entry that covers
// input offset `insn` of c, if the object has ORC data (objtool ran).
void Builder::copy_orc_at(State &st, const Chunk &c, uint64_t insn, uint64_t at)
{
    const elf::Object &obj = st.u.patched;
    const elf::Section *ips = obj.find_section_by_name(".orc_unwind_ip");
    const elf::Section *orcs = obj.find_section_by_name(".orc_unwind");
    if (!ips || !orcs)
        return;
    std::optional<uint64_t> best, best_ip;
    for (const elf::Rela &r : ips->relas) {
        const elf::Symbol &s = obj.symbol(r.symbol);
        uint64_t ip = s.value + static_cast<uint64_t>(r.addend);
        if (s.shndx == c.sec && ip >= c.begin && ip <= insn && (!best_ip || ip > *best_ip)) {
            best_ip = ip;
            best = r.offset / 4;
        }
    }
    if (!best)
        refuse(st, fmt::format("{}+{:#x}", obj.section(c.sec).name, insn),
               obj.section(c.sec).name, "no ORC entry covers this short jump");
    add_orc_copy(*ips, *orcs, *best, c.out_sec, at);
}

}  // namespace kpatch::link
