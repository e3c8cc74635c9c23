// SPDX-License-Identifier: GPL-2.0
//
// anchors.cc - neighbour lists of local symbols (see anchors.h).
#include "anchors.h"

#include <elf.h>

#include <algorithm>

namespace kpatch::link {
namespace {

// Symbols scripts/kallsyms leaves out, or that have no address of their own.
bool in_kallsyms(const elf::Symbol &s)
{
    static constexpr std::string_view kSkipped[] = {"__ksymtab_", "__kstrtab_", "__kstrtabns_",
                                                    "__crc_", "__export_symbol", ".L"};
    if (s.name.empty() || (s.type != STT_FUNC && s.type != STT_OBJECT))
        return false;
    return std::none_of(std::begin(kSkipped), std::end(kSkipped),
                        [&](std::string_view p) { return s.name.starts_with(p); });
}

// The symbol of `stock` that is `sym` of the plugin's build, if exactly one.
const elf::Symbol *stock_twin(const elf::Object &stock, const elf::Symbol &sym)
{
    const elf::Symbol *found = nullptr;
    for (const elf::Symbol &s : stock.symbols()) {
        if (s.name != sym.name || !s.is_local() || !s.is_defined() ||
            (s.type == STT_FUNC) != (sym.type == STT_FUNC))
            continue;
        if (found)
            return nullptr;
        found = &s;
    }
    return found;
}

std::string_view section_class_of(const elf::Object &obj, const elf::Symbol &s)
{
    return fp::section_class(obj.section(s.shndx).name, s.name);
}

// sym's neighbours of its class in obj, in address order.
Anchors neighbours(const elf::Object &obj, const elf::Symbol &sym)
{
    std::string_view cls = section_class_of(obj, sym);
    std::vector<const elf::Symbol *> peers;
    for (const elf::Symbol &s : obj.symbols()) {
        if (&s != &sym && (s.size == 0 || s.bind == STB_WEAK || !s.is_defined() ||
                           !in_kallsyms(s) || (s.type == STT_FUNC) != (sym.type == STT_FUNC)))
            continue;
        if (section_class_of(obj, s) == cls)
            peers.push_back(&s);
    }
    std::stable_sort(peers.begin(), peers.end(), [](const elf::Symbol *a, const elf::Symbol *b) {
        return a->shndx != b->shndx ? a->shndx < b->shndx : a->value < b->value;
    });
    auto it = std::find(peers.begin(), peers.end(), &sym);
    if (it == peers.end())
        return {};
    size_t at = it - peers.begin();
    size_t lo = at >= kAnchorRadius ? at - kAnchorRadius : 0;
    size_t hi = std::min(peers.size(), at + kAnchorRadius + 1);
    Anchors a;
    for (size_t i = lo; i < hi; i++)
        a.names.emplace_back(peers[i]->name);
    a.self = at - lo;
    return a;
}

}  // namespace

Anchors anchors_for(const elf::Object &orig, const elf::Symbol &sym, const elf::Object *stock)
{
    if (!sym.is_local() || !sym.is_defined())
        return {};
    if (stock)
        if (const elf::Symbol *twin = stock_twin(*stock, sym))
            return neighbours(*stock, *twin);
    return neighbours(orig, sym);
}

}  // namespace kpatch::link
