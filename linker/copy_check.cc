// SPDX-License-Identifier: GPL-2.0
//
// copy_check.cc - see copy_check.h.  Special sections and debug info
// describe code, they do not call it: only allocated, kept sections count.
#include "copy_check.h"

#include <elf.h>

#include <algorithm>

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

}  // namespace

std::optional<Diagnostic> other_reference(const elf::Object &obj, const CodeMap &code,
                                       const std::string &name,
                                       const std::set<std::string, std::less<>> &included)
{
    const elf::Symbol *fn = obj.find_symbol_by_name(name);
    if (!fn)
        return std::nullopt;  // plan.cc refuses a function the object lacks
    auto in_fn = [&](uint64_t off) { return off >= fn->value && off < fn->value + fn->size; };
    for (const elf::Section &sec : obj.sections()) {
        if (!sec.is_alloc() || find_special(sec.name) || is_dropped_section(sec.name))
            continue;
        for (const elf::Rela &r : sec.relas) {
            const elf::Symbol &t = obj.symbol(r.symbol);
            FieldBias b = code.bias(sec.index, r);
            bool to_fn = r.symbol == fn->index ||
                         (t.is_defined() && t.shndx == fn->shndx &&
                          (t.is_section() || t.type == STT_NOTYPE) &&
                          (in_fn(t.value + r.addend + b.lo) || in_fn(t.value + r.addend + b.hi)));
            if (!to_fn || (sec.index == fn->shndx && in_fn(r.offset)))
                continue;
            const elf::Symbol *from = obj.find_symbol_containing(sec.index, r.offset);
            if (sec.is_text() && from && included.contains(from->name))
                continue;
            return refusal(name, sec.name, from);
        }
    }
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
    auto in_var = [&](uint64_t off) {
        return off >= var->value && off < var->value + std::max<uint64_t>(var->size, 1);
    };
    for (const elf::Section &sec : obj.sections()) {
        if (!sec.is_alloc() || find_special(sec.name) || is_dropped_section(sec.name))
            continue;
        for (const elf::Rela &r : sec.relas) {
            const elf::Symbol &t = obj.symbol(r.symbol);
            FieldBias b = code.bias(sec.index, r);
            bool to_var = r.symbol == var->index ||
                          (t.is_defined() && t.shndx == var->shndx &&
                           (t.is_section() || t.type == STT_NOTYPE) &&
                           (in_var(t.value + r.addend + b.lo) || in_var(t.value + r.addend + b.hi)));
            if (!to_var)
                continue;
            const elf::Symbol *from = obj.find_symbol_containing(sec.index, r.offset);
            if (from && (sec.is_text() ? included.contains(from->name)
                                       : copied.contains(std::string(from->name))))
                continue;
            std::string who = from ? fmt::format("'{}'", from->name) : std::string(sec.name);
            return Diagnostic{
                .symbol = name,
                .section = std::string(obj.section(var->shndx).name),
                .what = fmt::format("changed read-only data: the patch would carry the new "
                                    "content for the functions it replaces, but {} refers to it "
                                    "too and would keep the old",
                                    who),
                .todo = "use a shadow variable or a KPATCH_PRE_PATCH_CALLBACK"};
        }
    }
    return std::nullopt;
}

}  // namespace kpatch::link
