// SPDX-License-Identifier: GPL-2.0
//
// synthetic_object.cc - write an ObjectSpec as an ELF object (see
// synthetic_object.h).
#include "synthetic_object.h"

#include <elf.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "elf/writer.h"

namespace kpatch::test {

Code &Code::insn(std::vector<uint8_t> opcode, uint32_t type, const std::string &target,
                 bool section_relative, int64_t offset)
{
    bool pcrel = type == R_X86_64_PC32 || type == R_X86_64_PLT32;
    refs.push_back({bytes.size() + opcode.size(), type, target, pcrel ? offset - 4 : offset,
                    section_relative});
    bytes.insert(bytes.end(), opcode.begin(), opcode.end());
    bytes.insert(bytes.end(), 4, 0);
    return *this;
}

Code &Code::call(const std::string &target)
{
    return insn({0xe8}, R_X86_64_PLT32, target, false, 0);
}

Code &Code::load(const std::string &target)
{
    return insn({0x8b, 0x05}, R_X86_64_PC32, target, false, 0);
}

Code &Code::load_section(const std::string &section, int64_t offset)
{
    return insn({0x8b, 0x05}, R_X86_64_PC32, section, true, offset);
}

Code &Code::load_abs32(const std::string &target)
{
    return insn({0xb8}, R_X86_64_32, target, false, 0);
}

Code &Code::nops(size_t n)
{
    bytes.insert(bytes.end(), n, 0x90);
    return *this;
}

Code &Code::ret()
{
    bytes.push_back(0xc3);
    return *this;
}

namespace {

template <typename T> T &find_named(std::vector<T> &items, const std::string &name)
{
    for (T &i : items)
        if (i.name == name)
            return i;
    throw std::logic_error("synthetic object: no entity named '" + name + "'");
}

std::string section_of(const Function &f)
{
    return f.section.empty() ? ".text." + f.name : f.section;
}

bool is_bss(const std::string &section)
{
    return section.starts_with(".bss");
}

fp::Binding binding(bool global)
{
    return global ? fp::Binding::Global : fp::Binding::Local;
}

// What the plugin records as the name a reference designates: the
// function or variable itself, also when gas made it section-relative.
fp::SymbolRef reference(const ObjectSpec &spec, const Ref &r)
{
    for (const Function &f : spec.functions)
        if (r.section_relative ? section_of(f) == r.target : f.name == r.target)
            return {fp::parse_clone(f.name).canonical, binding(f.global), true};
    for (const Variable &v : spec.variables)
        if (r.section_relative ? v.section == r.target : v.name == r.target)
            return {v.name, binding(v.global), false};
    return {r.target, fp::Binding::Global, r.type == R_X86_64_PLT32};
}

fp::FunctionRecord function_record(const ObjectSpec &spec, const Function &f)
{
    fp::FunctionRecord r;
    fp::CloneInfo clone = fp::parse_clone(f.name);
    r.symbol = f.name;
    r.canonical = clone.canonical;
    r.clone_kind = clone.kind;
    r.clone_of = clone.clone_of;
    r.section = section_of(f);
    r.binding = binding(f.global);
    r.rtl_hash = f.hash;
    r.gimple_hash = f.hash;
    r.has_fentry = true;
    r.is_init = r.section.starts_with(".init.") || r.section.starts_with(".exit.");
    for (const Ref &ref : f.code.refs)
        r.references.push_back(reference(spec, ref));
    std::sort(r.references.begin(), r.references.end(),
              [](const fp::SymbolRef &a, const fp::SymbolRef &b) { return a.name < b.name; });
    r.references.erase(std::unique(r.references.begin(), r.references.end()),
                       r.references.end());
    return r;
}

fp::VariableRecord variable_record(const Variable &v)
{
    fp::VariableRecord r;
    r.symbol = v.name;
    r.canonical = v.owner.empty() ? v.name : fp::static_local_name(v.owner, v.name);
    r.section = v.section;
    r.binding = binding(v.global);
    r.size = v.bytes.size();
    r.init_hash = v.hash;
    r.static_local_owner = v.owner;
    r.is_read_only = v.section.starts_with(".rodata");
    return r;
}

// Lays out the sections and symbols of a spec in a Writer and resolves
// the references between them.
class Layout {
public:
    explicit Layout(elf::Writer &w) : w_(w) {}

    uint32_t append(const std::string &section, uint32_t type, uint64_t flags, uint64_t align,
                    const std::vector<uint8_t> &bytes, uint64_t &offset)
    {
        auto [it, fresh] = sections_.try_emplace(section, 0);
        if (fresh)
            it->second = w_.add_section({section, type, flags, align, 0, {}, 0, {}});
        elf::OutSection &out = w_.section(it->second);
        if (type == SHT_NOBITS) {
            offset = out.nobits_size;
            out.nobits_size += bytes.size();
        } else {
            offset = out.bytes.size();
            out.bytes.insert(out.bytes.end(), bytes.begin(), bytes.end());
        }
        return it->second;
    }

    void define(const std::string &name, uint8_t type, bool global, uint32_t section,
                uint64_t value, uint64_t size)
    {
        symbols_[name] = w_.add_symbol({name, type, static_cast<uint8_t>(global ? STB_GLOBAL : STB_LOCAL),
                                        0, section, value, size});
    }

    // Relocations are placed after every symbol exists: a reference may
    // point forward.
    void defer(const std::string &section, uint64_t base, const std::vector<Ref> &refs)
    {
        for (const Ref &r : refs)
            pending_.push_back({section, base, r});
    }

    void place_relocations()
    {
        for (const auto &[section, base, r] : pending_)
            w_.section(sections_.at(section))
                .relas.push_back({base + r.offset, r.type, symbol_for(r), r.addend});
    }

    uint32_t section_id(const std::string &name) const { return sections_.at(name); }

private:
    uint32_t symbol_for(const Ref &r)
    {
        if (r.section_relative)
            return w_.section_symbol(sections_.at(r.target));
        auto [it, fresh] = symbols_.try_emplace(r.target, 0);
        if (fresh)
            it->second = w_.add_symbol({r.target, STT_NOTYPE, STB_GLOBAL, 0, 0, 0, 0});
        return it->second;
    }

    struct Pending {
        std::string section;
        uint64_t base;
        Ref ref;
    };
    elf::Writer &w_;
    std::map<std::string, uint32_t> sections_;
    std::map<std::string, uint32_t> symbols_;
    std::vector<Pending> pending_;
};

}  // namespace

Function &ObjectSpec::function(const std::string &name) { return find_named(functions, name); }
Variable &ObjectSpec::variable(const std::string &name) { return find_named(variables, name); }
RawSection &ObjectSpec::section(const std::string &name) { return find_named(sections, name); }

fp::TranslationUnit fingerprint_of(const ObjectSpec &spec)
{
    fp::TranslationUnit tu;
    tu.gcc_version = "12.2.0";
    tu.source = spec.source;
    tu.function_sections = true;
    tu.data_sections = true;
    for (const Function &f : spec.functions)
        tu.functions.push_back(function_record(spec, f));
    for (const Variable &v : spec.variables)
        tu.variables.push_back(variable_record(v));
    return tu;
}

void write_object(const ObjectSpec &spec, const std::string &path)
{
    elf::Writer w;
    Layout layout(w);
    for (const Function &f : spec.functions) {
        uint64_t at = 0;
        uint32_t sec = layout.append(section_of(f), SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 16,
                                     f.code.bytes, at);
        layout.define(f.name, STT_FUNC, f.global, sec, at,
                      f.symbol_size.value_or(f.code.bytes.size()));
        layout.defer(section_of(f), at, f.code.refs);
    }
    for (const Variable &v : spec.variables) {
        bool bss = is_bss(v.section);
        uint64_t flags = SHF_ALLOC | (v.section.starts_with(".rodata") ? 0 : SHF_WRITE);
        uint64_t at = 0;
        uint32_t sec = layout.append(v.section, bss ? SHT_NOBITS : SHT_PROGBITS, flags, 8,
                                     v.bytes, at);
        layout.define(v.name, STT_OBJECT, v.global, sec, at,
                      v.symbol_size.value_or(v.bytes.size()));
        layout.defer(v.section, at, v.refs);
    }
    for (const RawSection &s : spec.sections) {
        uint64_t at = 0;
        layout.append(s.name, s.type, s.flags, s.align, s.bytes, at);
        w.section(layout.section_id(s.name)).entsize = s.entsize;
        layout.defer(s.name, at, s.refs);
    }
    layout.place_relocations();
    if (spec.with_record)
        w.add_section({std::string(fp::kFingerprintSection), SHT_PROGBITS, SHF_EXCLUDE, 1, 0,
                       fp::encode(spec.record.value_or(fingerprint_of(spec))), 0, {}});
    w.write(path);
}

}  // namespace kpatch::test
