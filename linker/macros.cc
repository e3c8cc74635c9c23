// SPDX-License-Identifier: GPL-2.0
//
// macros.cc - decode the .kpatch.force / .kpatch.ignore.* / .kpatch.hooks.*
// / .kpatch.callbacks.* input sections.  Every field is a pointer, so the
// interesting content is the relocation at each slot, not the bytes.
#include "macros.h"

#include <elf.h>

#include <fmt/core.h>

#include "kpatch/abi.h"
#include "link.h"

namespace kpatch::link {
namespace {

struct HookSection {
    const char *name;
    uint32_t kind;
    uint32_t entsize;
};

constexpr HookSection kHookSections[] = {
    {KPATCH_IN_LOAD_HOOKS, KPATCH_HOOK_LOAD, 8},
    {KPATCH_IN_UNLOAD_HOOKS, KPATCH_HOOK_UNLOAD, 8},
    {KPATCH_IN_PRE_PATCH, KPATCH_HOOK_PRE_PATCH, 16},
    {KPATCH_IN_POST_PATCH, KPATCH_HOOK_POST_PATCH, 16},
    {KPATCH_IN_PRE_UNPATCH, KPATCH_HOOK_PRE_UNPATCH, 16},
    {KPATCH_IN_POST_UNPATCH, KPATCH_HOOK_POST_UNPATCH, 16},
};

[[noreturn]] void bad(const elf::Object &obj, const elf::Section &sec, std::string_view what)
{
    throw Error(Diagnostic{.file = obj.path(),
                           .section = std::string(sec.name),
                           .what = std::string(what),
                           .todo = "use the macros of kmod/patch/kpatch-macros.h"});
}

// The symbol each pointer slot of sec refers to (stride bytes apart).
std::vector<const elf::Rela *> slots(const elf::Object &obj, const elf::Section &sec,
                                     uint32_t stride)
{
    if (sec.size % stride)
        bad(obj, sec, fmt::format("size {} is not a multiple of {}", sec.size, stride));
    std::vector<const elf::Rela *> out;
    for (uint64_t off = 0; off < sec.size; off += stride) {
        const elf::Rela *hit = nullptr;
        for (const elf::Rela &r : sec.relas)
            if (r.offset == off && r.type == R_X86_64_64)
                hit = &r;
        if (!hit)
            bad(obj, sec, fmt::format("entry at {:#x} is not a pointer", off));
        out.push_back(hit);
    }
    return out;
}

std::string function_name(const elf::Object &obj, const elf::Section &sec, const elf::Rela &r)
{
    const elf::Symbol &s = obj.symbol(r.symbol);
    if (s.type == STT_FUNC && r.addend == 0)
        return std::string(s.name);
    if (s.is_section())
        if (const elf::Symbol *f = obj.find_symbol_containing(s.shndx, r.addend))
            if (f->type == STT_FUNC && f->value == static_cast<uint64_t>(r.addend))
                return std::string(f->name);
    bad(obj, sec, fmt::format("entry at {:#x} does not point to a function", r.offset));
}

std::string c_string(const elf::Object &obj, const elf::Section &sec, const elf::Rela &r)
{
    const elf::Symbol &s = obj.symbol(r.symbol);
    if (!s.is_defined())
        bad(obj, sec, "entry points outside the object");
    const elf::Section &str = obj.section(s.shndx);
    uint64_t at = s.value + r.addend;
    std::string out;
    while (at < str.data.size() && str.data[at])
        out += static_cast<char>(str.data[at++]);
    if (at >= str.data.size())
        bad(obj, sec, "entry does not point to a string");
    return out;
}

}  // namespace

MacroInputs read_macro_inputs(const elf::Object &obj)
{
    MacroInputs in;
    for (const elf::Section &sec : obj.sections()) {
        if (sec.name == KPATCH_IN_FORCE)
            for (const elf::Rela *r : slots(obj, sec, 8))
                in.force_unsafe.insert(function_name(obj, sec, *r));
        else if (sec.name == KPATCH_IN_IGNORE_FUNCTIONS)
            for (const elf::Rela *r : slots(obj, sec, 8))
                in.ignore_functions.insert(function_name(obj, sec, *r));
        else if (sec.name == KPATCH_IN_IGNORE_SECTIONS)
            for (const elf::Rela *r : slots(obj, sec, 8))
                in.ignore_sections.insert(c_string(obj, sec, *r));
        for (const HookSection &h : kHookSections)
            if (sec.name == h.name)
                for (const elf::Rela *r : slots(obj, sec, h.entsize)) {
                    std::string fn = function_name(obj, sec, *r);
                    in.hooks.push_back({h.kind, obj.find_symbol_by_name(fn)->index});
                }
    }
    return in;
}

}  // namespace kpatch::link
