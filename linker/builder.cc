// SPDX-License-Identifier: GPL-2.0
//
// builder.cc - the inclusion closure and relocation classification of one
// unit (see builder.h).  Every refusal names the patched object, the
// symbol and the section, and says what to do instead.  Special sections
// and static-branch keys are in builder_special.cc, functions taken alone
// out of a shared section in builder_lone.cc.
#include "builder.h"

#include <elf.h>

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "anchors.h"
#include "builder_state.h"
#include "kpatch/abi.h"
#include "special.h"

namespace kpatch::link {

namespace {

constexpr uint64_t kDroppedFlags = SHF_GROUP | SHF_LINK_ORDER;
constexpr std::string_view kBtfIdsSection = ".BTF_ids";

// A symbol of u.orig's anchors, in the stock object's order when the
// unit has one (anchors.h).
Anchors anchors_of(const Unit &u, const elf::Symbol &sym)
{
    return anchors_for(u.orig, sym, u.stock ? &*u.stock : nullptr);
}

bool is_init_section(std::string_view s)
{
    return s.starts_with(".init.") || s.starts_with(".exit.");
}

// The symbol of section shndx that ends exactly at `at`, if any.
const elf::Symbol *symbol_ending_at(const elf::Object &obj, uint32_t shndx, uint64_t at)
{
    const elf::Symbol *found = nullptr;
    for (const elf::Symbol *s : obj.symbols_in_section(shndx))
        if (s->size > 0 && s->value + s->size == at)
            found = s;
    return found;
}

// The named symbol of section shndx a section-relative reference to `at`
// lands in.  A PC-relative field in code counts from the end of its
// instruction, `bias` bytes past the field (insn.h), so its addend falls
// short of the target by that much.  A reference just past the end of a
// symbol and inside no other one (a loop's end pointer `&table[N]`) is
// that symbol's: C allows the pointer one past an array, and the compiler
// writes it as the section plus the array's size.  Only with an exact
// bias: with a guessed one, "just past" could be a guess's artefact.
const elf::Symbol *landing_symbol(const elf::Object &obj, uint32_t shndx, uint64_t at,
                                  FieldBias bias)
{
    for (uint64_t b = bias.lo; b <= bias.hi; b++)
        if (const elf::Symbol *s = obj.find_symbol_containing(shndx, at + b))
            return s;
    if (bias.lo == bias.hi)
        return symbol_ending_at(obj, shndx, at + bias.lo);
    return nullptr;
}

// foo.cold.3 and foo.part.0 belong to foo.
std::string_view base_name(std::string_view sym)
{
    return sym.substr(0, sym.find('.', 1));
}

}  // namespace

void Builder::refuse(const State &st, std::string_view symbol, std::string_view section,
                     std::string_view what, std::string_view todo) const
{
    throw Error(Diagnostic{.file = display_name(st.u.pair),
                           .symbol = std::string(symbol),
                           .section = std::string(section),
                           .what = std::string(what),
                           .todo = std::string(todo)});
}

void Builder::note(const State &st, std::string_view symbol, std::string_view section,
                   std::string what)
{
    Diagnostic d{.file = display_name(st.u.pair),
                 .symbol = std::string(symbol),
                 .section = std::string(section),
                 .what = std::move(what)};
    if (std::find(report_.notes.begin(), report_.notes.end(), d) == report_.notes.end())
        report_.notes.push_back(std::move(d));
}

void Builder::add_unit(const Unit &unit)
{
    State st{unit, CodeMap(unit.patched), CodeMap(unit.orig), {}, {}, {}, {}, {}, {}};
    include_functions(st);
    add_hooks(st);
    drain(st);
    add_specials(st);
    drain(st);
    add_funcs(st);
}

void Builder::include_functions(State &st)
{
    for (const IncludedFunction &f : st.u.corr.functions) {
        const elf::Symbol *sym = st.u.patched.find_symbol_by_name(f.symbol);
        if (!sym)  // plan.cc refuses a plan like that
            refuse(st, f.symbol, "", "in the plan but not in the object (internal error)");
        st.included.insert(f.symbol);
        // A replaced function gets the entry pad (abi.h) before it, in its
        // own section: its output section is new here, so the pad comes first.
        if (!f.orig_symbol.empty() && !f.is_cold_part && !has_function_section(st, *sym))
            reserve_entry_pad(function_section(st, *sym));
        include_symbol(st, *sym);
        report_.functions.push_back({display_name(st.u.pair), f.symbol, f.orig_symbol.empty(),
                                     std::string(to_string(f.why)), f.reasons});
    }
}

uint32_t Builder::include_symbol(State &st, const elf::Symbol &sym)
{
    if (auto it = st.out_syms.find(sym.index); it != st.out_syms.end())
        return it->second;
    const elf::Section &sec = st.u.patched.section(sym.shndx);
    if (sym.type == STT_FUNC && shares_section(st.u.patched, sym)) {
        include_lone_function(st, sym);
    } else if (sym.type == STT_FUNC) {
        include_range(st, sym.shndx, 0, sec.size, out_section_for(st, sym.shndx, false), false);
    } else {
        if (sym.value > sec.size || sym.size > sec.size - sym.value)
            refuse(st, sym.name, sec.name, "symbol extends past its section (malformed object)");
        include_range(st, sym.shndx, sym.value, sym.value + sym.size,
                      out_section_for(st, sym.shndx, true), false);
    }
    auto it = st.out_syms.find(sym.index);
    if (it == st.out_syms.end())
        refuse(st, sym.name, sec.name, "copied, but its symbol was not placed (internal error)");
    return it->second;
}

uint32_t Builder::out_section_for(State &st, uint32_t sec, bool partial)
{
    if (auto it = st.out_secs.find(sec); it != st.out_secs.end())
        return it->second;
    uint32_t id = new_out_section(st.u.patched.section(sec), partial);
    st.out_secs[sec] = id;
    return id;
}

uint32_t Builder::new_out_section(const elf::Section &in, bool partial)
{
    elf::OutSection out;
    out.name = std::string(in.name);
    out.type = in.type;
    out.flags = in.flags & ~kDroppedFlags;
    if (partial)
        out.flags &= ~static_cast<uint64_t>(SHF_MERGE | SHF_STRINGS);
    out.align = std::max<uint64_t>(in.addralign, 1);
    out.entsize = partial ? 0 : in.entsize;
    return writer_.add_section(std::move(out));
}

void Builder::reserve_entry_pad(uint32_t out_sec)
{
    elf::OutSection &out = writer_.section(out_sec);
    out.bytes.assign(KPATCH_ENTRY_PAD, 0xcc);  // int3: nothing runs here until kpatch.ko says so
    padded_.insert(out_sec);
}

bool Builder::has_entry_pad(uint32_t symbol) const
{
    const elf::OutSymbol &s = writer_.symbol(symbol);
    return padded_.contains(s.section) && s.value == KPATCH_ENTRY_PAD;
}

Builder::Chunk Builder::include_range(State &st, uint32_t sec, uint64_t begin, uint64_t end,
                                      uint32_t out_sec, bool special)
{
    for (const Chunk &c : st.chunks[sec])
        if (c.begin == begin && c.end == end)
            return c;
    const elf::Section &in = st.u.patched.section(sec);
    elf::OutSection &out = writer_.section(out_sec);
    uint64_t align = std::max<uint64_t>(in.addralign, 1);
    Chunk c{sec, begin, end, out_sec, 0, special};
    if (in.is_nobits()) {
        out.nobits_size = (out.nobits_size + align - 1) / align * align;
        c.out_off = out.nobits_size;
        out.nobits_size += end - begin;
    } else {
        out.bytes.resize((out.bytes.size() + align - 1) / align * align);
        c.out_off = out.bytes.size();
        out.bytes.insert(out.bytes.end(), in.data.begin() + begin, in.data.begin() + end);
    }
    st.chunks[sec].push_back(c);
    st.pending.push_back(c);
    place_symbols(st, c);
    return c;
}

void Builder::place_symbols(State &st, const Chunk &c)
{
    if (c.special)
        return;
    for (const elf::Symbol *s : st.u.patched.symbols_in_section(c.sec)) {
        bool inside = s->value >= c.begin && (s->value < c.end || s->value == c.begin);
        if (!inside || st.out_syms.contains(s->index))
            continue;
        elf::OutSymbol o{std::string(s->name), s->type, s->bind, s->other, c.out_sec,
                         c.out_off + (s->value - c.begin), s->size};
        uint32_t id = writer_.add_symbol(std::move(o));
        st.out_syms[s->index] = id;
        if (!s->is_local() && !globals_.emplace(std::string(s->name), id).second)
            refuse(st, s->name, st.u.patched.section(c.sec).name,
                   "defined by two patched objects; a kernel cannot hold both");
    }
}

void Builder::drain(State &st)
{
    while (!st.pending.empty()) {
        Chunk c = st.pending.back();
        st.pending.pop_back();
        relocate_chunk(st, c);
    }
}

void Builder::relocate_chunk(State &st, const Chunk &c)
{
    const elf::Section &sec = st.u.patched.section(c.sec);
    for (const elf::Rela &r : sec.relas) {
        if (r.offset < c.begin || r.offset >= c.end || r.type == R_X86_64_NONE)
            continue;
        const elf::Symbol &sym = st.u.patched.symbol(r.symbol);
        if (rela_width(r.type) == 0 || r.offset + rela_width(r.type) > c.end)
            refuse(st, sym.name, sec.name,
                   fmt::format("relocation type {} at {:#x} is not supported by the patch "
                               "format", r.type, r.offset));
        uint64_t out_off = c.out_off + (r.offset - c.begin);
        Target t = resolve(st, r.symbol, r.addend, st.patched_code.bias(c.sec, r));
        if (!t.dynamic) {
            writer_.section(c.out_sec).relas.push_back({out_off, r.type, t.index, t.addend});
            continue;
        }
        const std::string &target = model_.ksyms[t.index].name;
        if (c.special && sec.name == "__jump_table") {
            add_early_jump_key(st, c, out_off, r.type, t);
            continue;
        }
        if (c.special)
            refuse(st, target, sec.name,
                   "a special-section entry of the patched code needs this symbol, which is "
                   "not exported: the module loader applies the section while loading the "
                   "patch module, before kpatch resolves non-exported symbols",
                   "avoid the construct (static branch, alternative) in the patched code or "
                   "export the symbol");
        if (kpatch_dynrela_width(r.type, 0) == 0)
            refuse(st, target, sec.name,
                   fmt::format("relocation type {} to a non-exported symbol cannot be a "
                               "dynamic relocation", r.type));
        model_.dynrelas.push_back({c.out_sec, out_off, r.type, t.index, t.addend, 0, st.u.pair.object});
    }
    if (!c.special && sec.is_text() && (c.begin != 0 || c.end != sec.size))
        recreate_resolved_refs(st, c);
}

Builder::Target Builder::resolve(State &st, uint32_t index, int64_t addend, FieldBias bias)
{
    const elf::Symbol &s = st.u.patched.symbol(index);
    if (index == 0 || s.shndx == SHN_ABS || s.shndx == SHN_COMMON)
        refuse(st, s.name, "", "relocation against an absolute, common or null symbol is not "
                               "supported",
               "compile with -fno-common");
    if (!s.is_defined())
        return external_ref(st, s.name, addend);
    if (st.u.patched.section(s.shndx).name == kBtfIdsSection)
        return btf_ids_ref(st, s, addend, bias);
    // Labels (.LC0 of a string literal, asm local labels) name a position
    // in a section, not an entity: treat them like the section symbol.
    // In code, a PC-relative field is relative to the end of the
    // instruction, 4+ bytes past the field; in data it is the field.
    if (s.is_section() || s.type == STT_NOTYPE)
        return resolve_section_ref(st, s.shndx, addend + static_cast<int64_t>(s.value), bias);
    return resolve_named(st, s, addend);
}

const Builder::Chunk *Builder::find_chunk(const State &st, uint32_t sec, uint64_t off) const
{
    auto it = st.chunks.find(sec);
    if (it == st.chunks.end())
        return nullptr;
    const Chunk *edge = nullptr;
    for (const Chunk &c : it->second) {
        if (off >= c.begin && off < c.end)
            return &c;
        if (off == c.end)
            edge = &c;
    }
    // The end of a copied function taken alone (see below) is where the
    // next one of its section starts: code there is that one's, not a
    // position past the copy.
    if (edge && st.u.patched.section(sec).is_text())
        if (const elf::Symbol *next = st.u.patched.find_symbol_containing(sec, off))
            if (next->type == STT_FUNC && next->value == off)
                return nullptr;
    return edge;
}

// BTF ID sets and lists (<linux/btf_ids.h>): 4-byte zeros in the object
// that resolve_btfids fills with BTF IDs (and sorts, for a set) when
// vmlinux or a module is linked.  Nothing does that for a patch module,
// so a copy would stay zeros, an empty set: the patched code reads the
// running kernel's, named by the set's symbol (__BTF_ID__set__NAME, at
// the list's label NAME) or the entry's (__BTF_ID__func__NAME__N), and
// one the original object does not have is refused.
Builder::Target Builder::btf_ids_ref(State &st, const elf::Symbol &s, int64_t addend,
                                     FieldBias bias)
{
    const elf::Object &obj = st.u.patched;
    bool label = s.is_section() || s.type == STT_NOTYPE;
    uint64_t at = s.value + static_cast<uint64_t>(addend) + (label ? bias.lo : 0);
    const elf::Symbol *named = label ? nullptr : &s;
    if (!named)  // the symbol starting there, the set's before its first entry's
        for (const elf::Symbol &c : obj.symbols())
            if (c.shndx == s.shndx && !c.is_section() && c.name.starts_with("__BTF_ID__") &&
                c.value <= at && at < c.value + std::max<uint64_t>(c.size, 1) &&
                (!named || c.value > named->value ||
                 (c.value == named->value && c.size > named->size)))
                named = &c;
    const elf::Symbol *o = named ? st.u.orig.find_symbol_by_name(named->name) : nullptr;
    if (!o || st.u.orig.section(o->shndx).name != kBtfIdsSection)
        refuse(st, named ? named->name : fmt::format("{}+{:#x}", kBtfIdsSection, at),
               kBtfIdsSection,
               "a BTF ID set or list the original object does not have (new, or renumbered "
               "by __COUNTER__): resolve_btfids writes the IDs when vmlinux or a module is "
               "linked, never into a patch module, whose copy would stay zeros (an empty "
               "set)",
               "patched code can use only the running kernel's sets and lists");
    return original_ref(st, *named, static_cast<int64_t>(s.value) + addend -
                                        static_cast<int64_t>(named->value));
}

Builder::Target Builder::resolve_section_ref(State &st, uint32_t shndx, int64_t addend,
                                             FieldBias bias)
{
    uint64_t at = static_cast<uint64_t>(addend) + bias.lo;
    if (const Chunk *c = find_chunk(st, shndx, at))
        return {false, writer_.section_symbol(c->out_sec),
                addend + static_cast<int64_t>(c->out_off) - static_cast<int64_t>(c->begin)};
    if (const elf::Symbol *named =
            landing_symbol(st.u.patched, shndx, static_cast<uint64_t>(addend), bias))
        return resolve_named(st, *named, addend - static_cast<int64_t>(named->value));
    const elf::Section &sec = st.u.patched.section(shndx);
    for (const elf::Symbol *s : st.u.patched.symbols_in_section(shndx))
        if (!st.u.corr.new_variables.contains(std::string(s->name)))
            refuse(st, fmt::format("{}+{:#x}", sec.name, at), sec.name,
                   fmt::format("reference to an unnamed part of a section that also holds "
                               "existing '{}': it cannot be copied without duplicating that "
                               "symbol",
                               s->name),
                   "compile with -fdata-sections -ffunction-sections");
    if (sec.is_text()) {
        // Out-of-line code such as static_cpu_has()'s .altinstr_aux: the
        // section holds one stub per use site, for every function of the
        // file; take only the stub this reference jumps to.
        auto [begin, end] = stub_range(st, shndx, at);
        Chunk c = include_range(st, shndx, begin, end, out_section_for(st, shndx, true), false);
        return {false, writer_.section_symbol(c.out_sec),
                addend + static_cast<int64_t>(c.out_off) - static_cast<int64_t>(c.begin)};
    }
    uint32_t out = out_section_for(st, shndx, false);
    Chunk c = include_range(st, shndx, 0, sec.size, out, false);
    return {false, writer_.section_symbol(out), addend + static_cast<int64_t>(c.out_off)};
}

std::pair<uint64_t, uint64_t> Builder::stub_range(const State &st, uint32_t shndx, uint64_t at) const
{
    const elf::Object &obj = st.u.patched;
    uint64_t end = obj.section(shndx).size;
    for (const elf::Section &sec : obj.sections())
        for (const elf::Rela &r : sec.relas) {
            const elf::Symbol &s = obj.symbol(r.symbol);
            if (s.shndx != shndx || !(s.is_section() || s.type == STT_NOTYPE))
                continue;
            uint64_t t = s.value + static_cast<uint64_t>(r.addend) +
                         st.patched_code.bias(sec.index, r).lo;
            if (t > at && t < end)
                end = t;
        }
    if (at >= end)
        refuse(st, fmt::format("{}+{:#x}", obj.section(shndx).name, at), obj.section(shndx).name,
               "reference past the end of out-of-line code");
    return {at, end};
}

bool Builder::is_new_data(const State &st, const elf::Symbol &s) const
{
    const std::string name(s.name);
    return st.u.corr.new_variables.contains(name) || is_artificial_rodata(s.name) ||
           (!st.u.corr.to_orig.contains(name) && !st.u.orig.find_symbol_by_name(s.name));
}

Builder::Target Builder::resolve_named(State &st, const elf::Symbol &s, int64_t addend)
{
    if (auto it = st.out_syms.find(s.index); it != st.out_syms.end())
        return {false, it->second, addend};
    const std::string name(s.name);
    const Correlation &corr = st.u.corr;
    if (s.type == STT_FUNC) {
        bool fragment = !corr.to_orig.contains(name) && base_name(s.name) != s.name &&
                        std::any_of(st.included.begin(), st.included.end(), [&](const auto &f) {
                            return base_name(f) == base_name(s.name);
                        });
        if (st.included.contains(name) || fragment)
            return {false, include_symbol(st, s), addend};
        return original_ref(st, s, addend);
    }
    if (!is_new_data(st, s))
        return original_ref(st, s, addend);
    if (corr.orphan_statics.contains(name))
        refuse(st, s.name, st.u.patched.section(s.shndx).name,
               "the patched code uses this static local, but the original object does not "
               "have it (the compiler dropped it), so there is no state to share and a fresh "
               "copy would diverge",
               "make it a global or use a shadow variable");
    return {false, include_symbol(st, s), addend};
}

Builder::Target Builder::original_ref(State &st, const elf::Symbol &s, int64_t addend)
{
    auto twin = st.u.corr.to_orig.find(std::string(s.name));
    std::string_view orig_name = twin != st.u.corr.to_orig.end() ? std::string_view(twin->second)
                                                                 : s.name;
    const elf::Symbol *o = nullptr;
    for (const elf::Symbol &c : st.u.orig.symbols()) {
        if (c.index == 0 || c.is_section() || c.name != orig_name)
            continue;
        if (o)
            refuse(st, s.name, "", fmt::format("the original object has two symbols named "
                                               "'{}'; cannot tell which one is meant",
                                               orig_name));
        o = &c;
    }
    if (!o)
        refuse(st, s.name, st.u.patched.section(s.shndx).name,
               fmt::format("referenced by the patched code, unchanged, but the original "
                           "object ({}) has no such symbol: are these two builds of the same "
                           "source?",
                           st.u.pair.original));
    if (!o->is_defined())
        return external_ref(st, o->name, addend);
    if (is_empty_static(*o) && is_empty_static(s))
        return {false, empty_object(st, s), addend};
    std::string_view osec = st.u.orig.section(o->shndx).name;
    if (is_init_section(osec))
        refuse(st, s.name, osec,
               "the patched code references __init/__exit code or data, which is freed after "
               "boot",
               "do not use it from patched code");
    if (!o->is_local() && symvers_.is_vmlinux_export(o->name))
        return {false, undefined_symbol(o->name), addend};
    Anchors a = anchors_of(st.u, *o);
    KSymbol k{std::string(o->name), st.u.pair.object, std::move(a.names), a.self, o->size, {}};
    return {true, model_.intern(std::move(k)), addend};
}

// A static object of size 0: without CONFIG_LOCKDEP (Debian's config)
// every `static struct lock_class_key __key` of mutex_init(),
// spin_lock_init(), init_waitqueue_head() and the like, and every empty
// struct lockdep_map.  The patch carries its own instead of resolving the
// running one, which cannot be found reliably: the kernel's link gives it
// the address of whatever follows it, and kallsyms orders such ties by
// its own rules, so neither anchors nor a reference site name it.
// Sound because an empty object has no bytes, so no state to share with
// the running kernel; only its address can be used, and the running
// kernel's code cannot tell that address from its neighbour's either.
// Without lockdep the keys' users (lockdep_set_class*(),
// lockdep_init_map*(), __mutex_init(), __init_rwsem(), ...) are stubs
// that discard the pointer.  With lockdep a key has a size and takes the
// ordinary path.
bool Builder::is_empty_static(const elf::Symbol &s)
{
    return s.type == STT_OBJECT && s.is_local() && s.is_defined() && s.size == 0;
}

uint32_t Builder::empty_object(State &st, const elf::Symbol &s)
{
    if (auto it = st.out_syms.find(s.index); it != st.out_syms.end())
        return it->second;
    if (!empty_sec_)
        // One byte, so the address lies inside the patch module.
        empty_sec_ = writer_.add_section({".bss.kpatch_empty", SHT_NOBITS,
                                          SHF_ALLOC | SHF_WRITE, 8, 0, {}, 1, {}});
    uint32_t id = writer_.add_symbol({std::string(s.name), STT_OBJECT, STB_LOCAL, 0,
                                      empty_sec_, 0, 0});
    st.out_syms[s.index] = id;
    note(st, s.name, "", "empty (size 0, like a lockdep class key without CONFIG_LOCKDEP): the "
                         "patch carries its own");
    return id;
}

// Only vmlinux's exports stay ordinary relocations.  A module's export
// becomes a dynamic relocation to that module, like its non-exported
// symbols: as an undefined symbol it would make the patch module depend
// on the exporter and fail to load before it ("unknown symbol"), where a
// patch for a module not loaded yet must wait for it.  A patched function
// of module A that calls an export of B runs only once A is loaded, and A
// depends on B, so B's symbols are resolved by then.
Builder::Target Builder::external_ref(State &st, std::string_view name, int64_t addend)
{
    if (auto it = globals_.find(name); it != globals_.end())
        return {false, it->second, addend};
    if (symvers_.is_vmlinux_export(name))
        return {false, undefined_symbol(name), addend};
    std::string object = symvers_.exporting_module(name);
    if (object.empty())
        object = st.u.pair.object;  // defined in another file of the same object
    return {true, model_.intern({std::string(name), object, {}, 0, 0, {}}), addend};
}

uint32_t Builder::undefined_symbol(std::string_view name)
{
    if (auto it = undefined_.find(name); it != undefined_.end())
        return it->second;
    uint32_t id = writer_.add_symbol({std::string(name), STT_NOTYPE, STB_GLOBAL, 0, 0, 0, 0});
    undefined_.emplace(std::string(name), id);
    return id;
}

bool Builder::is_dynamic_target(State &st, uint32_t index)
{
    const elf::Symbol &s = st.u.patched.symbol(index);
    if (!s.is_defined())
        return !globals_.contains(s.name) && !symvers_.is_vmlinux_export(s.name);
    if (st.out_syms.contains(s.index) || st.u.corr.new_variables.contains(std::string(s.name)))
        return false;
    auto twin = st.u.corr.to_orig.find(std::string(s.name));
    std::string_view name = twin != st.u.corr.to_orig.end() ? std::string_view(twin->second) : s.name;
    return s.is_local() || !symvers_.is_vmlinux_export(name);
}

uint32_t Builder::shared_section(const elf::Section &like)
{
    if (auto it = shared_secs_.find(like.name); it != shared_secs_.end())
        return it->second;
    elf::OutSection out;
    out.name = std::string(like.name);
    out.type = like.type;
    out.flags = like.flags & ~kDroppedFlags;
    out.align = std::max<uint64_t>(like.addralign, 1);
    out.entsize = like.entsize;
    uint32_t id = writer_.add_section(std::move(out));
    shared_secs_.emplace(std::string(like.name), id);
    return id;
}

void Builder::add_hooks(State &st)
{
    for (const HookInput &h : st.u.macros.hooks) {
        const elf::Symbol &fn = st.u.patched.symbol(h.symbol);
        st.included.insert(std::string(fn.name));
        model_.hooks.push_back({include_symbol(st, fn), st.u.pair.object, h.kind});
        report_.hooks++;
    }
}

void Builder::add_funcs(State &st)
{
    for (const IncludedFunction &f : st.u.corr.functions) {
        if (f.orig_symbol.empty() || f.is_cold_part || !st.included.contains(f.symbol))
            continue;
        const elf::Symbol *ps = st.u.patched.find_symbol_by_name(f.symbol);
        const elf::Symbol *o = st.u.orig.find_symbol_by_name(f.orig_symbol);
        if (!o || o->type != STT_FUNC || !o->is_defined())
            refuse(st, f.symbol, "", fmt::format("the fingerprints of {} name '{}', but it has "
                                                 "no such function",
                                                 st.u.pair.original, f.orig_symbol));
        const elf::Section &text = st.u.orig.section(o->shndx);
        if (o->value > text.data.size() || o->size > text.data.size() - o->value)
            refuse(st, f.symbol, text.name, "original function extends past its section");
        Anchors a = anchors_of(st.u, *o);
        Func fn;
        fn.new_symbol = st.out_syms.at(ps->index);
        fn.new_size = ps->size;
        // Jump stubs after the function are part of the replacement: a task
        // interrupted in one is inside the new code.
        if (const elf::OutSymbol &out = writer_.symbol(fn.new_symbol); stubbed_.contains(out.section))
            fn.new_size = writer_.section(out.section).bytes.size() - out.value;
        fn.ksym = model_.intern({std::string(o->name), st.u.pair.object, std::move(a.names),
                                 a.self, o->size, {}});
        fn.orig.assign(text.data.begin() + o->value, text.data.begin() + o->value + o->size);
        fn.masks = verification_masks(st.u.orig, o->shndx, o->value, o->value + o->size);
        fn.flags = st.u.macros.force_unsafe.contains(f.symbol) ? KPATCH_FUNC_FORCE_UNSAFE : 0;
        if (has_entry_pad(fn.new_symbol))
            fn.flags |= KPATCH_FUNC_ENTRY_PAD;
        if (f.entry_jump)
            fn.flags |= entry_jump_flag(st, f.symbol, *o);
        add_reference_sites(st, *o, fn.ksym);
        model_.funcs.push_back(std::move(fn));
    }
}

// KPATCH_FUNC_ENTRY_JUMP for original o of f, which correlate() found a
// jmp over its first bytes may redirect (entry_jump.h).
uint32_t Builder::entry_jump_flag(const State &st, const std::string &f, const elf::Symbol &o) const
{
    if (st.u.macros.force_unsafe.contains(f))
        refuse(st, f, st.u.orig.section(o.shndx).name,
               "has no ftrace entry, so a jmp over its first bytes redirects it, which needs the "
               "activeness check that KPATCH_FORCE_UNSAFE skips",
               "drop KPATCH_FORCE_UNSAFE");
    return KPATCH_FUNC_ENTRY_JUMP;
}

// The symbol a relocation of the original object's code designates: a
// named symbol, or the one a section-relative reference lands in.
const elf::Symbol *Builder::orig_target(const State &st, uint32_t shndx, const elf::Rela &r) const
{
    const elf::Symbol &sym = st.u.orig.symbol(r.symbol);
    if (sym.type == STT_OBJECT || sym.type == STT_FUNC)
        return &sym;
    if (!sym.is_defined())
        return nullptr;
    return landing_symbol(st.u.orig, sym.shndx, sym.value + static_cast<uint64_t>(r.addend),
                          st.orig_code.bias(shndx, r));
}

// Anchored symbols that the original of a replaced function refers to get
// that reference as a surer way to find them (abi.h, reference sites):
// once the function is resolved and verified, kpatch.ko reads the running
// address there.  Only sites no special section lets the kernel rewrite.
void Builder::add_reference_sites(const State &st, const elf::Symbol &func, uint32_t func_ksym)
{
    uint64_t begin = func.value, end = func.value + func.size;
    std::vector<Range> special = special_site_ranges(st.u.orig, func.shndx, begin, end);
    for (const elf::Rela &r : st.u.orig.section(func.shndx).relas) {
        unsigned width = rela_width(r.type);
        if (r.offset < begin || r.offset >= end || width == 0 || r.type == R_X86_64_PC64)
            continue;
        uint64_t off = r.offset - begin;
        if (std::any_of(special.begin(), special.end(),
                        [&](const Range &x) { return x.begin < off + width && off < x.end; }))
            continue;
        const elf::Symbol *target = orig_target(st, func.shndx, r);
        if (!target || !target->is_local())
            continue;
        Anchors a = anchors_of(st.u, *target);
        if (a.names.empty())
            continue;
        std::optional<uint32_t> k = model_.find(
            {std::string(target->name), st.u.pair.object, std::move(a.names), a.self, 0, {}});
        if (!k || model_.ksyms[*k].ref)
            continue;
        int64_t addend = r.addend + static_cast<int64_t>(st.u.orig.symbol(r.symbol).value) -
                         static_cast<int64_t>(target->value);
        model_.ksyms[*k].ref = RefSite{func_ksym, static_cast<uint32_t>(off), r.type, addend};
    }
}

}  // namespace kpatch::link
