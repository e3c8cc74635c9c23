// SPDX-License-Identifier: GPL-2.0
//
// names.cc - canonical-name rules shared by the plugin (which computes
// names) and the tools (which print and match them).  GCC's clone symbols
// are "<origin>(.<kind>[.<n>])*": the numbers come from per-name counters
// that shift when unrelated code changes, the kinds are meaningful.
#include "kpatch/fingerprint.h"

#include <fmt/format.h>

#include <algorithm>

namespace kpatch::fp {
namespace {

struct KindName {
    std::string_view suffix;
    CloneKind kind;
};

constexpr KindName kKinds[] = {
    {"isra", CloneKind::Isra},
    {"constprop", CloneKind::Constprop},
    {"part", CloneKind::Part},
    {"cold", CloneKind::Cold},
    {"lto_priv", CloneKind::Other},
    {"specialized", CloneKind::Other},
    {"simdclone", CloneKind::Other},
    {"localalias", CloneKind::Other},
};

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::string_view kUniqueId = "__UNIQUE_ID_";

}  // namespace

std::string canonical_symbol(std::string_view symbol)
{
    if (!symbol.starts_with(kUniqueId))
        return std::string(symbol);
    size_t end = symbol.size();
    while (end > kUniqueId.size() && symbol[end - 1] >= '0' && symbol[end - 1] <= '9')
        end--;
    return std::string(symbol.substr(0, end));
}

CloneInfo parse_clone(std::string_view symbol)
{
    CloneInfo info;
    size_t dot = symbol.find('.', 1);  // a leading dot is part of the name
    info.canonical = canonical_symbol(symbol.substr(0, dot));
    std::string before_last_kind = info.canonical;
    while (dot != std::string_view::npos) {
        size_t next = symbol.find('.', dot + 1);
        std::string_view part = symbol.substr(dot + 1, next == std::string_view::npos
                                                               ? std::string_view::npos
                                                               : next - dot - 1);
        dot = next;
        if (all_digits(part))
            continue;
        auto k = std::find_if(std::begin(kKinds), std::end(kKinds),
                              [&](const KindName &kn) { return kn.suffix == part; });
        if (k != std::end(kKinds)) {
            before_last_kind = info.canonical;
            info.kind = k->kind;
        }
        info.canonical += '.';
        info.canonical += part;
    }
    if (info.kind != CloneKind::None)
        info.clone_of = before_last_kind;
    return info;
}

std::string static_local_name(std::string_view owner, std::string_view name, unsigned index)
{
    if (index > 1)
        return fmt::format("{}::{}#{}", owner, name, index);
    return fmt::format("{}::{}", owner, name);
}

std::string_view to_string(Binding b)
{
    switch (b) {
    case Binding::Local: return "local";
    case Binding::Global: return "global";
    case Binding::Weak: return "weak";
    }
    return "?";
}

std::string_view to_string(CloneKind k)
{
    switch (k) {
    case CloneKind::None: return "none";
    case CloneKind::Isra: return "isra";
    case CloneKind::Constprop: return "constprop";
    case CloneKind::Part: return "part";
    case CloneKind::Cold: return "cold";
    case CloneKind::Other: return "other";
    }
    return "?";
}

std::string_view section_class(std::string_view section, std::string_view symbol)
{
    std::string_view base = symbol.substr(0, symbol.find('.', 1));
    for (std::string_view tail : {symbol, base}) {
        if (tail.empty())
            continue;
        size_t at = section.rfind(tail);
        if (at != std::string_view::npos && at > 0 && section[at - 1] == '.' &&
            (at + tail.size() == section.size() || section[at + tail.size()] == '.'))
            return section.substr(0, at - 1);
    }
    return section;
}

}  // namespace kpatch::fp
