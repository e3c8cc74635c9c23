// SPDX-License-Identifier: GPL-2.0
//
// copy_check.cc - see copy_check.h.  Special sections and debug info
// describe code, they do not call it: only allocated, kept sections count.
#include "copy_check.h"

#include <elf.h>

#include <algorithm>
#include <functional>

#include <fmt/core.h>

#include "special.h"

namespace kpatch::link {
namespace {

Diagnostic refusal(const std::string &name, std::string_view section, const elf::Symbol *from)
{
    return {.symbol = name,
            .section = std::string(section),
            .what = fmt::format("has no ftrace entry, so the patch copies it and replaces its "
                                "callers, but {} refers to it too and would keep the old code",
                                from ? fmt::format("'{}'", from->name) : std::string(section)),
            .todo = "move the change into a traceable function"};
}

// A relocation of an allocated, kept section into [sym.value, sym.value +
// size), through sym or a section-relative reference (biased as CodeMap
// says), that `excused` does not pardon: where it is and what holds it.
struct Reference {
    const elf::Section *sec = nullptr;
    const elf::Symbol *from = nullptr;  // the symbol holding the field, if any
};

using Excuse = std::function<bool(const elf::Section &, const elf::Rela &, const elf::Symbol *)>;

std::optional<Reference> reference_into(const elf::Object &obj, const CodeMap &code,
                                        const elf::Symbol &sym, uint64_t size,
                                        const Excuse &excused)
{
    auto inside = [&](uint64_t off) { return off >= sym.value && off < sym.value + size; };
    for (const elf::Section &sec : obj.sections()) {
        if (!sec.is_alloc() || find_special(sec.name) || is_dropped_section(sec.name))
            continue;
        for (const elf::Rela &r : sec.relas) {
            const elf::Symbol &t = obj.symbol(r.symbol);
            FieldBias b = code.bias(sec.index, r);
            bool to_sym = r.symbol == sym.index ||
                          (t.is_defined() && t.shndx == sym.shndx &&
                           (t.is_section() || t.type == STT_NOTYPE) &&
                           (inside(t.value + r.addend + b.lo) || inside(t.value + r.addend + b.hi)));
            if (!to_sym)
                continue;
            const elf::Symbol *from = obj.find_symbol_containing(sec.index, r.offset);
            if (!excused(sec, r, from))
                return Reference{&sec, from};
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<Diagnostic> other_reference(const elf::Object &obj, const CodeMap &code,
                                          const std::string &name,
                                          const std::set<std::string, std::less<>> &included)
{
    const elf::Symbol *fn = obj.find_symbol_by_name(name);
    if (!fn)
        return std::nullopt;  // plan.cc refuses a function the object lacks
    auto in_fn = [&](uint64_t off) { return off >= fn->value && off < fn->value + fn->size; };
    // Its own references to itself, and those of the functions the plan
    // replaces, are fine.
    auto excused = [&](const elf::Section &sec, const elf::Rela &r, const elf::Symbol *from) {
        return (sec.index == fn->shndx && in_fn(r.offset)) ||
               (sec.is_text() && from && included.contains(from->name));
    };
    if (auto ref = reference_into(obj, code, *fn, fn->size, excused))
        return refusal(name, ref->sec->name, ref->from);
    // Calls the assembler resolved inside a section of several functions.
    for (const elf::Symbol *from : obj.symbols_in_section(fn->shndx)) {
        if (from->type != STT_FUNC || from->value == fn->value || included.contains(from->name))
            continue;
        auto refs = code.resolved_refs(fn->shndx, from->value, from->value + from->size);
        if (!refs || std::any_of(refs->begin(), refs->end(),
                                 [&](const ResolvedRef &r) { return in_fn(r.target); }))
            return refusal(name, obj.section(fn->shndx).name, from);
    }
    return std::nullopt;
}

std::optional<Diagnostic> constant_reference(const elf::Object &obj, const CodeMap &code,
                                             const std::string &name,
                                             const std::set<std::string, std::less<>> &included,
                                             const std::set<std::string> &copied)
{
    const elf::Symbol *var = obj.find_symbol_by_name(name);
    if (!var || !var->is_defined())
        return std::nullopt;  // nothing in the object to refer to
    // Replaced code may read it, and other copied constants may point to it.
    auto excused = [&](const elf::Section &sec, const elf::Rela &, const elf::Symbol *from) {
        return from && (sec.is_text() ? included.contains(from->name)
                                      : copied.contains(std::string(from->name)));
    };
    auto ref = reference_into(obj, code, *var, std::max<uint64_t>(var->size, 1), excused);
    if (!ref)
        return std::nullopt;
    std::string who = ref->from ? fmt::format("'{}'", ref->from->name) : std::string(ref->sec->name);
    return Diagnostic{.symbol = name,
                      .section = std::string(obj.section(var->shndx).name),
                      .what = fmt::format("changed read-only data: the patch would carry the new "
                                          "content for the functions it replaces, but {} refers "
                                          "to it too and would keep the old",
                                          who),
                      .todo = "use a shadow variable or a KPATCH_PRE_PATCH_CALLBACK"};
}

}  // namespace kpatch::link
