// SPDX-License-Identifier: GPL-2.0
//
// diff.cc - compare two records of one translation unit.
//
// Entities are matched by canonical name.  Whether a function changed is
// decided by the final-RTL hash alone (it covers everything that reaches
// the machine code); the source-level hashes only explain why.  This
// file does not decide what the linker does with a change.
#include "kpatch/fingerprint.h"

#include <fmt/format.h>

#include <map>

namespace kpatch::fp {
namespace {

template <typename Record>
std::map<std::string_view, const Record *> by_canonical(const std::vector<Record> &records)
{
    std::map<std::string_view, const Record *> m;
    for (const auto &r : records)
        m.emplace(r.canonical, &r);
    return m;
}

// When a patch adds a static, GCC renumbers the later ones (name.N ->
// name.N+1) and, with -fdata-sections, their sections too: no move.
template <typename Record>
bool moved(const Record &o, const Record &p)
{
    return section_class(o.section, o.symbol) != section_class(p.section, p.symbol);
}

std::string arrow(std::string_view a, std::string_view b)
{
    return fmt::format("{} -> {}", a, b);
}

void inlining_reasons(const FunctionRecord &o, const FunctionRecord &p, std::vector<Reason> &out)
{
    std::map<std::string_view, uint64_t> before;
    for (const auto &c : o.inlined)
        before.emplace(c.canonical, c.gimple_hash);
    std::map<std::string_view, uint64_t> after;
    for (const auto &c : p.inlined)
        after.emplace(c.canonical, c.gimple_hash);
    for (const auto &[name, hash] : after) {
        auto it = before.find(name);
        if (it == before.end())
            out.push_back({ReasonKind::InlinedAdded, std::string(name)});
        else if (it->second != hash)
            out.push_back({ReasonKind::InlinedCallee, std::string(name)});
    }
    for (const auto &[name, hash] : before)
        if (!after.contains(name))
            out.push_back({ReasonKind::InlinedRemoved, std::string(name)});
}

std::vector<Reason> function_reasons(const FunctionRecord &o, const FunctionRecord &p)
{
    std::vector<Reason> reasons;
    if (p.clone_kind == CloneKind::Cold)
        reasons.push_back({ReasonKind::ColdPartOf, p.clone_of});
    if (o.gimple_hash != p.gimple_hash)
        reasons.push_back({ReasonKind::OwnBody, {}});
    inlining_reasons(o, p, reasons);
    if (moved(o, p))
        reasons.push_back({ReasonKind::Section, arrow(o.section, p.section)});
    if (o.binding != p.binding)
        reasons.push_back({ReasonKind::BindingChanged, arrow(to_string(o.binding), to_string(p.binding))});
    if (reasons.empty() || (reasons.size() == 1 && reasons[0].kind == ReasonKind::ColdPartOf))
        reasons.push_back({ReasonKind::CodeGeneration, {}});
    return reasons;
}

bool function_changed(const FunctionRecord &o, const FunctionRecord &p)
{
    return o.rtl_hash != p.rtl_hash || moved(o, p) || o.binding != p.binding;
}

std::vector<Reason> variable_reasons(const VariableRecord &o, const VariableRecord &p)
{
    std::vector<Reason> reasons;
    if (o.init_hash != p.init_hash)
        reasons.push_back({ReasonKind::Initializer, {}});
    if (o.size != p.size)
        reasons.push_back({ReasonKind::Size, arrow(std::to_string(o.size), std::to_string(p.size))});
    if (moved(o, p))
        reasons.push_back({ReasonKind::Section, arrow(o.section, p.section)});
    if (o.binding != p.binding)
        reasons.push_back({ReasonKind::BindingChanged, arrow(to_string(o.binding), to_string(p.binding))});
    return reasons;
}

// Shared walk over the union of canonical names, in sorted order.
template <typename Record, typename Compare>
void diff_entities(EntityKind entity, const std::vector<Record> &orig,
                   const std::vector<Record> &patched, Compare compare,
                   std::vector<Change> &out)
{
    auto o = by_canonical(orig);
    auto p = by_canonical(patched);
    auto oi = o.begin();
    auto pi = p.begin();
    while (oi != o.end() || pi != p.end()) {
        if (pi == p.end() || (oi != o.end() && oi->first < pi->first)) {
            out.push_back({entity, ChangeKind::Removed, oi->second->canonical, oi->second->symbol, {}, true});
            ++oi;
        } else if (oi == o.end() || pi->first < oi->first) {
            out.push_back({entity, ChangeKind::New, pi->second->canonical, pi->second->symbol, {}, true});
            ++pi;
        } else {
            compare(*oi->second, *pi->second, out);
            ++oi;
            ++pi;
        }
    }
}

}  // namespace

std::vector<Change> diff(const TranslationUnit &orig, const TranslationUnit &patched)
{
    std::vector<Change> out;
    diff_entities(EntityKind::Function, orig.functions, patched.functions,
                  [](const FunctionRecord &o, const FunctionRecord &p, std::vector<Change> &v) {
                      if (!function_changed(o, p))
                          return;
                      // A .cold part is entered by a jump from its parent,
                      // never through an ftrace entry of its own.
                      bool patchable = p.clone_kind == CloneKind::Cold ||
                                       (o.has_fentry && p.has_fentry);
                      v.push_back({EntityKind::Function, ChangeKind::Changed, p.canonical,
                                   p.symbol, function_reasons(o, p), patchable});
                  },
                  out);
    diff_entities(EntityKind::Variable, orig.variables, patched.variables,
                  [](const VariableRecord &o, const VariableRecord &p, std::vector<Change> &v) {
                      auto reasons = variable_reasons(o, p);
                      if (!reasons.empty())
                          v.push_back({EntityKind::Variable, ChangeKind::Changed, p.canonical,
                                       p.symbol, std::move(reasons), true});
                  },
                  out);
    return out;
}

std::string to_string(const Reason &r)
{
    switch (r.kind) {
    case ReasonKind::OwnBody: return "own body changed";
    case ReasonKind::InlinedCallee: return fmt::format("inlined callee '{}' changed", r.subject);
    case ReasonKind::InlinedAdded: return fmt::format("now inlines '{}'", r.subject);
    case ReasonKind::InlinedRemoved: return fmt::format("no longer inlines '{}'", r.subject);
    case ReasonKind::CodeGeneration: return "generated code changed (no source-level change seen)";
    case ReasonKind::ColdPartOf: return fmt::format("cold part of '{}'", r.subject);
    case ReasonKind::Initializer: return "initializer changed";
    case ReasonKind::Size: return fmt::format("size changed: {}", r.subject);
    case ReasonKind::Section: return fmt::format("section changed: {}", r.subject);
    case ReasonKind::BindingChanged: return fmt::format("binding changed: {}", r.subject);
    }
    return "?";
}

std::string_view to_string(ChangeKind k)
{
    switch (k) {
    case ChangeKind::New: return "new";
    case ChangeKind::Changed: return "changed";
    case ChangeKind::Removed: return "removed";
    }
    return "?";
}

}  // namespace kpatch::fp
