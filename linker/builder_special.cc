// SPDX-License-Identifier: GPL-2.0
//
// builder_special.cc - the Builder's special sections (the entries of copied
// functions, their ORC) and static-branch keys: a vmlinux key written early,
// a module's key tested in a stub (see builder.h).
#include "builder.h"

#include <elf.h>

#include <algorithm>

#include <fmt/core.h>

#include "builder_state.h"
#include "kpatch/abi.h"
#include "special.h"

namespace kpatch::link {

// The key of a jump entry, in vmlinux and not exported: the field points
// at a zeroed placeholder key for now, and an early dynrela has kpatch.ko
// write the real key as the patch module comes (abi.h).  A module's key
// may come after the patch module: module_key_stub() handles those.
void Builder::add_early_jump_key(State &st, const Chunk &c, uint64_t out_off, uint32_t type,
                                 const Target &t)
{
    const KSymbol &key = model_.ksyms[t.index];
    if (type != R_X86_64_PC64 || key.object != KPATCH_VMLINUX)
        refuse(st, key.name, "__jump_table",
               fmt::format("the key field of a jump entry has relocation type {} to {} (a "
                           "64-bit PC-relative one to vmlinux was expected): not a 6.1 x86-64 "
                           "jump entry", type, key.object));
    // The placeholder first: creating it adds a section, which would leave
    // a reference to c.out_sec taken before it dangling.
    uint32_t placeholder = placeholder_key();
    writer_.section(c.out_sec).relas.push_back({out_off, R_X86_64_PC64, placeholder,
                                                t.addend & 3});  // the entry's flag bits
    model_.dynrelas.push_back(
        {c.out_sec, out_off, R_X86_64_PC64, t.index, t.addend, KPATCH_DYNRELA_EARLY,
         st.u.pair.object});
    note(st, key.name, "__jump_table",
         "static branch on this key (not exported): kpatch.ko sets its key as the patch module "
         "loads");
}

uint32_t Builder::placeholder_key()
{
    if (placeholder_key_)
        return placeholder_key_;
    constexpr uint64_t kStaticKeySize = 16;  // struct static_key on x86-64, all zero: off
    uint32_t sec = writer_.add_section({".data.kpatch_placeholder_key", SHT_PROGBITS,
                                        SHF_ALLOC | SHF_WRITE, 8, 0,
                                        std::vector<uint8_t>(kStaticKeySize, 0), 0, {}});
    placeholder_key_ = writer_.add_symbol({"__kpatch_placeholder_key", STT_OBJECT, STB_LOCAL, 0,
                                           sec, 0, kStaticKeySize});
    return placeholder_key_;
}

// A static branch whose key lives in a module (not exported, or exported
// by a module: either way not linkable as the patch module loads) becomes
// a test of the key in a stub after the function (jump_stub.h): its entry
// is dropped, its site jumps to the stub, and a dynamic relocation to the
// key is written when the module comes, before the function can run.
// Returns false for other entries, which stay jump entries.
bool Builder::module_key_stub(State &st, const elf::Section &jt, const SpecialEntry &e, Chunk fn)
{
    constexpr uint64_t kJumpEntryTarget = 4, kJumpEntryKey = 8;  // struct jump_entry
    const elf::Rela *key = rela_at(jt, e.offset + kJumpEntryKey);
    const elf::Rela *target = rela_at(jt, e.offset + kJumpEntryTarget);
    if (!key || !target)
        refuse(st, jt.name, jt.name, fmt::format("entry at {:#x} has no key or no target "
                                                 "relocation", e.offset));
    Target k = resolve(st, key->symbol, key->addend, st.patched_code.bias(jt.index, *key));
    if (!k.dynamic || model_.ksyms[k.index].object == KPATCH_VMLINUX)
        return false;
    Target t = resolve(st, target->symbol, target->addend, st.patched_code.bias(jt.index, *target));
    const std::string key_name = model_.ksyms[k.index].name;
    if (t.dynamic)
        refuse(st, key_name, jt.name, "the static branch's target is outside the patched code "
                                      "(internal error)");
    const elf::Section &text = st.u.patched.section(e.target_section);
    uint64_t site_len = jump_site_len(text, e.target_offset);
    uint64_t site = fn.out_off + (e.target_offset - fn.begin);
    elf::OutSection &out = writer_.section(fn.out_sec);
    out.bytes.resize((out.bytes.size() + 7) / 8 * 8, 0xcc);
    uint64_t stub = out.bytes.size();
    std::vector<uint8_t> jump = site_jump(site_len, static_cast<int64_t>(stub - (site + site_len)));
    if (jump.empty())
        refuse(st, key_name, text.name,
               fmt::format("the 2-byte static branch at {:#x} tests a key of module {}, so the "
                           "patch tests the key in a stub after the function, but the stub is "
                           "out of the site's reach ({} bytes); move the branch or split the "
                           "function", e.target_offset, model_.ksyms[k.index].object,
                           stub - (site + site_len)));
    std::copy(jump.begin(), jump.end(), out.bytes.begin() + static_cast<std::ptrdiff_t>(site));
    std::erase_if(out.relas, [&](const elf::OutRela &r) {
        return r.offset >= site && r.offset < site + site_len;
    });
    JumpStub s = make_jump_stub(k.addend & 1);
    auto back = static_cast<int32_t>(static_cast<int64_t>(site + site_len) -
                                     static_cast<int64_t>(stub + JumpStub::kSize));
    for (unsigned i = 0; i < 4; i++)
        s.bytes[JumpStub::kNextField + i] = static_cast<uint8_t>(static_cast<uint32_t>(back) >> (8 * i));
    out.bytes.insert(out.bytes.end(), s.bytes.begin(), s.bytes.end());
    out.relas.push_back({stub + JumpStub::kTargetField, R_X86_64_PC32, t.index, t.addend - 4});
    model_.dynrelas.push_back({fn.out_sec, stub + JumpStub::kKeyField, R_X86_64_PC32, k.index,
                               (k.addend & ~int64_t{3}) - 4 -
                                   static_cast<int64_t>(JumpStub::kKeyTail),
                               0, st.u.pair.object});
    stubbed_.insert(fn.out_sec);
    add_stub_orc(st, fn, e.target_offset, stub);
    note(st, key_name, "__jump_table",
         fmt::format("static branch on this key of module {}: tested by a stub, the key "
                     "resolved when the module comes",
                     model_.ksyms[k.index].object));
    return true;
}

// The stub runs with the stack of its site: the input's ORC entry in effect
// at the site (the last one at or before it in the site's section).
void Builder::add_stub_orc(State &st, const Chunk &fn, uint64_t site, uint64_t stub)
{
    const elf::Section *ip = st.u.patched.find_section_by_name(".orc_unwind_ip");
    const elf::Section *orc = st.u.patched.find_section_by_name(".orc_unwind");
    if (!ip || !orc || st.u.macros.ignore_sections.contains(".orc_unwind_ip"))
        return;
    std::optional<uint64_t> best;
    uint64_t best_at = 0;
    for (const SpecialEntry &x : special_entries(st.u.patched, *ip, *find_special(ip->name)))
        if (x.target_section == fn.sec && x.target_offset <= site &&
            (!best || x.target_offset >= best_at)) {
            best = x.offset / find_special(ip->name)->entsize;
            best_at = x.target_offset;
        }
    if (best)
        add_orc_copy(*ip, *orc, *best, fn.out_sec, stub);
}


void Builder::add_specials(State &st)
{
    for (const elf::Section &sec : st.u.patched.sections())
        if (find_special(sec.name) && !st.u.macros.ignore_sections.contains(std::string(sec.name))) {
            add_special_section(st, sec);
            drain(st);
        }
}

bool Builder::keep_special_entry(State &st, const elf::Section &sec, uint64_t off)
{
    if (sec.name == ".static_call_sites") {
        // Without its entry the call keeps going through the static call's
        // trampoline, which always jumps to the current target: correct.
        const elf::Rela *key = rela_at(sec, off + 4);
        if (key && is_dynamic_target(st, key->symbol)) {
            note(st, st.u.patched.symbol(key->symbol).name, sec.name,
                 fmt::format("static call site at {:#x} left on its trampoline (key not "
                             "exported)",
                             off));
            return false;
        }
    }
    if (sec.name == ".altinstructions") {
        const elf::Rela *repl = rela_at(sec, off + 4);
        const elf::Symbol *rs = repl ? &st.u.patched.symbol(repl->symbol) : nullptr;
        if (!rs || !rs->is_defined())
            refuse(st, sec.name, sec.name, fmt::format("entry at {:#x} has no replacement", off));
        uint64_t begin = rs->value + repl->addend;
        uint64_t len = sec.data[off + 11];
        const elf::Section &rsec = st.u.patched.section(rs->shndx);
        if (begin > rsec.size || len > rsec.size - begin)
            refuse(st, sec.name, rsec.name, fmt::format("entry at {:#x} points outside", off));
        include_range(st, rs->shndx, begin, begin + len, out_section_for(st, rs->shndx, true), true);
    }
    return true;
}

void Builder::add_special_section(State &st, const elf::Section &sec)
{
    const SpecialKind &kind = *find_special(sec.name);
    const elf::Section *paired = nullptr;
    if (!kind.paired.empty()) {
        paired = st.u.patched.find_section_by_name(kind.paired);
        if (!paired || paired->size / kind.paired_entsize != sec.size / kind.entsize)
            refuse(st, sec.name, kind.paired,
                   fmt::format("'{}' does not have one entry per entry of '{}'", kind.paired,
                               sec.name));
    }
    // Entries are read from the section's bytes: one without contents
    // (SHT_NOBITS) is a malformed object, not an empty table.
    for (const elf::Section *s : {&sec, paired})
        if (s && s->is_nobits() && s->size)
            refuse(st, s->name, s->name, "special section without contents (SHT_NOBITS); "
                                         "the object is malformed: rebuild it");
    for (const SpecialEntry &e : special_entries(st.u.patched, sec, kind)) {
        const Chunk *c = find_chunk(st, e.target_section, e.target_offset);
        if (!c || c->special || !st.u.patched.section(e.target_section).is_text())
            continue;
        if (sec.name == "__jump_table" && module_key_stub(st, sec, e, *c))
            continue;
        if (!keep_special_entry(st, sec, e.offset))
            continue;
        include_range(st, sec.index, e.offset, e.offset + kind.entsize, shared_section(sec), true);
        if (paired) {
            uint64_t i = e.offset / kind.entsize;
            include_range(st, paired->index, i * kind.paired_entsize,
                          (i + 1) * kind.paired_entsize, shared_section(*paired), true);
            uint64_t out = c->out_off + (e.target_offset - c->begin);
            // The entry stub kpatch.ko writes in the pad (abi.h) runs with
            // the stack of a function entry whose return address is the
            // original's fentry site: the function's own entry state.  Give
            // the stub that ORC entry, so a task interrupted there unwinds
            // through the original into its caller.
            if (sec.name == ".orc_unwind_ip" && padded_.contains(c->out_sec) &&
                out == KPATCH_ENTRY_PAD)
                add_orc_copy(sec, *paired, i, c->out_sec, KPATCH_ENTRY_PAD - KPATCH_ENTRY_STUB_SIZE);
        }
    }
}

// ORC entry `index` of the input again, for offset `at` of output text
// section text_sec: code there runs with that entry's stack state.
//  - The entry stub kpatch.ko writes in the pad (abi.h) runs with the stack
//    of a function entry whose return address is the original's fentry
//    site: the function's own entry state, so a task interrupted there
//    unwinds through the original into its caller.
//  - A jump stub (jump_stub.h) runs with the state of its site.
// The module loader sorts a module's ORC table, so the order of entries
// does not matter.
void Builder::add_orc_copy(const elf::Section &ip_sec, const elf::Section &orc_sec,
                           uint64_t index, uint32_t text_sec, uint64_t at)
{
    constexpr uint64_t kOrcSize = 6;   // struct orc_entry
    uint32_t ip_out = shared_section(ip_sec), orc_out = shared_section(orc_sec);
    elf::OutSection &ips = writer_.section(ip_out);
    ips.bytes.resize((ips.bytes.size() + 3) / 4 * 4);
    ips.relas.push_back({ips.bytes.size(), R_X86_64_PC32, writer_.section_symbol(text_sec),
                         static_cast<int64_t>(at)});
    ips.bytes.insert(ips.bytes.end(), 4, 0);
    elf::OutSection &orc = writer_.section(orc_out);
    auto entry = orc_sec.data.begin() + static_cast<std::ptrdiff_t>(index * kOrcSize);
    orc.bytes.insert(orc.bytes.end(), entry, entry + kOrcSize);
}

}  // namespace kpatch::link
