// SPDX-License-Identifier: GPL-2.0
//
// normalize.cc - bug-table line operand detection and the final naming
// pass (see fp_normalize.h).  No GCC types: plain strings and records.
#include "kpatch/fp_normalize.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace kpatch::fp {
namespace {

// Numbers in a symbol, in order: foo.constprop.12.isra.3 -> {12, 3}; used
// to order colliding clones the way GCC created them.
std::vector<unsigned long> suffix_numbers(std::string_view symbol)
{
    std::vector<unsigned long> nums;
    // __UNIQUE_ID_foo123: the __COUNTER__ value.
    size_t digits = symbol.find_last_not_of("0123456789");
    if (symbol.starts_with("__UNIQUE_ID_") && digits != std::string_view::npos &&
        digits + 1 < symbol.size() && symbol.find('.') == std::string_view::npos)
        nums.push_back(std::stoul(std::string(symbol.substr(digits + 1))));
    size_t pos = 0;
    while ((pos = symbol.find('.', pos)) != std::string_view::npos) {
        pos++;
        unsigned long n;
        auto [end, ec] = std::from_chars(symbol.data() + pos, symbol.data() + symbol.size(), n);
        if (ec == std::errc() && (end == symbol.data() + symbol.size() || *end == '.'))
            nums.push_back(n);
    }
    return nums;
}

// Records sharing a canonical name get "#2", "#3"... in GCC's numbering
// order (the numbers their symbols carry).
template <typename Record>
void number_collisions(std::vector<Record> &records)
{
    std::map<std::string, std::vector<Record *>> groups;
    for (auto &r : records)
        groups[r.canonical].push_back(&r);
    for (auto &[name, group] : groups) {
        std::stable_sort(group.begin(), group.end(), [](const Record *a, const Record *b) {
            return suffix_numbers(a->symbol) < suffix_numbers(b->symbol);
        });
        for (size_t i = 1; i < group.size(); i++)
            group[i]->canonical = name + "#" + std::to_string(i + 1);
    }
}

}  // namespace

std::optional<unsigned> bug_line_operand(std::string_view tmpl)
{
    if (tmpl.find("__bug_table") == std::string_view::npos)
        return std::nullopt;
    size_t marker = tmpl.find("bug_entry::line");
    if (marker == std::string_view::npos)
        return std::nullopt;
    size_t line_start = tmpl.rfind('\n', marker);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::string_view line = tmpl.substr(line_start, marker - line_start);
    size_t op = line.rfind("%c");
    if (op == std::string_view::npos)
        return std::nullopt;
    unsigned n;
    auto [end, ec] = std::from_chars(line.data() + op + 2, line.data() + line.size(), n);
    if (ec != std::errc() || end == line.data() + op + 2)
        return std::nullopt;
    return n;
}

bool is_line_number_field(std::string_view struct_tag, std::string_view field)
{
    return struct_tag == "_ddebug" && field == "lineno";
}

void finalize_names(TranslationUnit &tu)
{
    for (auto &f : tu.functions) {
        CloneInfo c = parse_clone(f.symbol);
        f.canonical = c.canonical;
        f.clone_kind = c.kind;
        f.clone_of = c.clone_of;
    }
    number_collisions(tu.functions);
    for (auto &v : tu.variables)
        if (!v.is_static_local())
            v.canonical = canonical_symbol(v.symbol);
    number_collisions(tu.variables);

    std::map<std::string, std::string> canonical_of;
    for (const auto &f : tu.functions)
        canonical_of.emplace(f.symbol, f.canonical);
    for (const auto &v : tu.variables)
        canonical_of.emplace(v.symbol, v.canonical);
    for (auto &f : tu.functions) {
        for (auto &r : f.references) {
            auto it = canonical_of.find(r.name);
            if (it != canonical_of.end())
                r.name = it->second;
            else if (r.is_function)
                r.name = parse_clone(r.name).canonical;
        }
        std::sort(f.references.begin(), f.references.end(),
                  [](const SymbolRef &a, const SymbolRef &b) { return a.name < b.name; });
        f.references.erase(std::unique(f.references.begin(), f.references.end(),
                                       [](const SymbolRef &a, const SymbolRef &b) { return a.name == b.name; }),
                           f.references.end());
    }
}

}  // namespace kpatch::fp
