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
// as the linker pairs them (fp::pair_units), and lines are then prefixed
// with "<source>: ".
#include "commands.h"

#include "kpatch/fingerprint.h"

#include <fmt/format.h>


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
    // fp::pair_units: the pairing the linker and kpatch-build use too.
    bool several = before.size() > 1 || after.size() > 1;
    const fp::TranslationUnit empty;
    for (const fp::UnitPair &pair : fp::pair_units(before, after)) {
        const fp::TranslationUnit &o = pair.orig ? *pair.orig : empty;
        const fp::TranslationUnit &p = pair.patched ? *pair.patched : empty;
        std::string prefix = several ? (pair.orig ? o.source : p.source) + ": " : "";
        print_changes(prefix, fp::diff(o, p), counts, out);
    }
    if (counts.changed + counts.added + counts.removed == 0)
        fmt::print(out, "no changes\n");
    else
        fmt::print(out, "{} changed, {} new, {} removed\n", counts.changed, counts.added,
                   counts.removed);
    return counts.changed + counts.added + counts.removed;
}

}  // namespace kpatch::fpcli
