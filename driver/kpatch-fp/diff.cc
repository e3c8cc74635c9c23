// SPDX-License-Identifier: GPL-2.0
//
// diff.cc - `kpatch-fp diff`: one line per change, then a summary:
//
//   changed function caller: inlined callee 'helper' changed
//   changed function tracefree: own body changed [no ftrace entry (notrace): not redirected through ftrace]
//   new function added
//   removed function gone
//   changed variable table: initializer changed
//   3 changed, 1 new, 1 removed
//
// Objects made by `ld -r` hold one record per source; records are paired
// by source name, and lines are then prefixed with "<source>: ".
#include "commands.h"

#include "kpatch/fingerprint.h"

#include <fmt/format.h>

#include <map>

namespace kpatch::fpcli {
namespace {

struct Counts {
    size_t changed = 0, added = 0, removed = 0;
};

std::string reasons_text(const fp::Change &c)
{
    std::string text;
    for (const auto &r : c.reasons)
        text += (text.empty() ? ": " : "; ") + fp::to_string(r);
    if (!c.patchable)
        text += " [no ftrace entry (notrace): not redirected through ftrace]";
    return text;
}

void print_changes(const std::string &prefix, const std::vector<fp::Change> &changes,
                   Counts &counts, std::FILE *out)
{
    for (const auto &c : changes) {
        std::string_view entity = c.entity == fp::EntityKind::Function ? "function" : "variable";
        fmt::print(out, "{}{} {} {}{}\n", prefix, fp::to_string(c.kind), entity, c.canonical,
                   reasons_text(c));
        (c.kind == fp::ChangeKind::Changed ? counts.changed
         : c.kind == fp::ChangeKind::New   ? counts.added
                                           : counts.removed)++;
    }
}

}  // namespace

size_t diff(const std::string &orig, const std::string &patched, std::FILE *out)
{
    auto before = fp::read_object(orig);
    auto after = fp::read_object(patched);
    Counts counts;
    if (before.size() == 1 && after.size() == 1) {
        print_changes("", fp::diff(before[0], after[0]), counts, out);
    } else {
        std::map<std::string, fp::TranslationUnit> b, a;
        for (auto &tu : before)
            b.emplace(tu.source, std::move(tu));
        for (auto &tu : after)
            a.emplace(tu.source, std::move(tu));
        fp::TranslationUnit empty;
        for (auto &[src, tu] : b)
            print_changes(src + ": ", fp::diff(tu, a.contains(src) ? a[src] : empty), counts, out);
        for (auto &[src, tu] : a)
            if (!b.contains(src))
                print_changes(src + ": ", fp::diff(empty, tu), counts, out);
    }
    if (counts.changed + counts.added + counts.removed == 0)
        fmt::print(out, "no changes\n");
    else
        fmt::print(out, "{} changed, {} new, {} removed\n", counts.changed, counts.added,
                   counts.removed);
    return counts.changed + counts.added + counts.removed;
}

}  // namespace kpatch::fpcli
