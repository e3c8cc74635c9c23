// SPDX-License-Identifier: GPL-2.0
//
// linked_patch.cc - decode kpatch-link's output (see linked_patch.h).
// Every pointer field of the .kpatch.* structures is an R_X86_64_64
// relocation in the object; the bytes there are zero, so this follows
// the relocation, not the value.
#include "linked_patch.h"

#include <elf.h>

#include <cstring>
#include <stdexcept>

#include "kpatch/abi.h"

namespace kpatch::test {

const elf::Symbol *LinkedPatch::defined(const std::string &name) const
{
    const elf::Symbol *s = obj_.find_symbol_by_name(name);
    return s && s->is_defined() && (s->type == STT_FUNC || s->type == STT_OBJECT) ? s : nullptr;
}

const elf::Section *LinkedPatch::section(const std::string &name) const
{
    return obj_.find_section_by_name(name);
}

const elf::Section &LinkedPatch::required(const std::string &name) const
{
    const elf::Section *s = section(name);
    if (!s)
        throw std::runtime_error("linked patch: no section " + name);
    return *s;
}

std::vector<Relocation> LinkedPatch::relocations(const std::string &name) const
{
    std::vector<Relocation> out;
    for (const elf::Rela &r : required(name).relas) {
        const elf::Symbol &s = obj_.symbol(r.symbol);
        out.push_back({r.offset, r.type, std::string(s.name), s.is_defined(), r.addend});
    }
    return out;
}

template <typename T> T LinkedPatch::read(const elf::Section &sec, uint64_t offset) const
{
    if (offset > sec.data.size() || sizeof(T) > sec.data.size() - offset)
        throw std::runtime_error("linked patch: field past the end of " + std::string(sec.name));
    T v;
    std::memcpy(&v, sec.data.data() + offset, sizeof v);
    return v;
}

const elf::Rela &LinkedPatch::pointer_at(const elf::Section &sec, uint64_t offset) const
{
    for (const elf::Rela &r : sec.relas)
        if (r.offset == offset && r.type == R_X86_64_64)
            return r;
    throw std::runtime_error("linked patch: no pointer at " + std::string(sec.name) + "+" +
                             std::to_string(offset));
}

std::pair<const elf::Section *, uint64_t> LinkedPatch::follow(const elf::Section &sec,
                                                              uint64_t offset) const
{
    const elf::Rela &r = pointer_at(sec, offset);
    const elf::Symbol &s = obj_.symbol(r.symbol);
    if (!s.is_defined())
        throw std::runtime_error("linked patch: pointer to undefined " + std::string(s.name));
    return {&obj_.section(s.shndx), s.value + static_cast<uint64_t>(r.addend)};
}

std::string LinkedPatch::string_at(const elf::Section &sec, uint64_t offset) const
{
    auto [strings, at] = follow(sec, offset);
    std::string out;
    while (at < strings->data.size() && strings->data[at])
        out += static_cast<char>(strings->data[at++]);
    return out;
}

std::vector<DynamicRelocation> LinkedPatch::dynrelas() const
{
    const elf::Section &dyn = required(KPATCH_SEC_DYNRELAS);
    std::vector<DynamicRelocation> out;
    for (uint64_t at = 0; at + sizeof(kpatch_dynrela) <= dyn.size; at += sizeof(kpatch_dynrela)) {
        auto d = read<kpatch_dynrela>(dyn, at);
        auto [dest, dest_off] = follow(dyn, at + offsetof(kpatch_dynrela, dest));
        auto [syms, sym_off] = follow(dyn, at + offsetof(kpatch_dynrela, symbol));
        auto k = read<kpatch_symbol>(*syms, sym_off);
        DynamicRelocation r{std::string(dest->name), dest_off, d.type, d.addend, d.flags,
                            string_at(*syms, sym_off + offsetof(kpatch_symbol, name)),
                            string_at(*syms, sym_off + offsetof(kpatch_symbol, objname)),
                            {}, k.anchor_self};
        if (k.nr_anchors) {
            auto [list, list_off] = follow(*syms, sym_off + offsetof(kpatch_symbol, anchors));
            for (uint32_t i = 0; i < k.nr_anchors; i++)
                r.anchors.push_back(string_at(*list, list_off + 8 * i));
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<ReplacedFunction> LinkedPatch::functions() const
{
    const elf::Section &funcs = required(KPATCH_SEC_FUNCS);
    std::vector<ReplacedFunction> out;
    for (uint64_t at = 0; at + sizeof(kpatch_func) <= funcs.size; at += sizeof(kpatch_func)) {
        auto f = read<kpatch_func>(funcs, at);
        const elf::Rela &repl = pointer_at(funcs, at + offsetof(kpatch_func, new_addr));
        auto [syms, sym_off] = follow(funcs, at + offsetof(kpatch_func, symbol));
        out.push_back({string_at(*syms, sym_off + offsetof(kpatch_symbol, name)),
                       std::string(obj_.symbol(repl.symbol).name), f.flags});
    }
    return out;
}

}  // namespace kpatch::test
