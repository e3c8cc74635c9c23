// SPDX-License-Identifier: GPL-2.0
//
// plan.cc - decode, correlate, decide (plan.h).  Nothing here writes or
// copies code: the plan is what the report and the build share.
#include "plan.h"

#include <elf.h>

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "copy_check.h"
#include "entry_jump.h"
#include "insn.h"
#include "kpatch/fingerprint.h"

namespace kpatch::link {
namespace {

void check_pair(const Pair &p, const std::vector<fp::TranslationUnit> &o,
                const std::vector<fp::TranslationUnit> &n)
{
    auto sources = [](const std::vector<fp::TranslationUnit> &tus) {
        std::string s;
        for (const auto &tu : tus)
            s += (s.empty() ? "" : ", ") + tu.source;
        return s;
    };
    // Paired as fp::pair_units pairs them (the two builds may come from
    // two trees); two different a.c files must also share a function.
    auto file = [](const std::string &s) { return s.substr(s.rfind('/') + 1); };
    auto share = [](const fp::TranslationUnit &a, const fp::TranslationUnit &b) {
        if (a.functions.empty() || b.functions.empty())
            return true;
        for (const auto &f : a.functions)
            for (const auto &g : b.functions)
                if (f.canonical == g.canonical)
                    return true;
        return false;
    };
    bool same = true;
    for (const fp::UnitPair &u : fp::pair_units(o, n))
        same = same && u.orig && u.patched && file(u.orig->source) == file(u.patched->source) &&
               share(*u.orig, *u.patched);
    if (!same)
        throw Error(fmt::format("{} and {} are not a pair: built from [{}] and [{}]; pass the "
                                "original and patched build of the same object",
                                p.original, p.patched, sources(o), sources(n)));
}

// What redirects a function without an ftrace entry: kpatch.ko can write
// a jmp at its entry; the kernel's livepatch redirects only through
// ftrace, so for it correlate() copies such a function (static) and
// replaces its callers, or refuses it (global).
constexpr const char *kNoEntryJumpInKlp =
    "the livepatch format (--format klp) redirects only through ftrace; the kpatch format "
    "can write a jmp at its entry";

Correlation correlate_unit(const Unit &u, const std::vector<fp::TranslationUnit> &of,
                           const std::vector<fp::TranslationUnit> &pf, Format format)
{
    CodeMap orig_code(u.orig);
    auto entry_jump = [&](const std::string &name) -> std::string {
        if (format == Format::Klp)
            return kNoEntryJumpInKlp;
        const elf::Symbol *s = u.orig.find_symbol_by_name(name);
        if (!s || s->type != STT_FUNC || !s->is_defined())
            return fmt::format("{} has no function '{}'", u.pair.original, name);
        return entry_jump_obstacle(u.orig, orig_code, *s);
    };
    return correlate(of, pf, u.macros.ignore_functions, entry_jump);
}

// The decisions that need the patched object itself, not only its
// fingerprints: a KPATCH_IGNORE_SECTION keeps its functions out, and a
// function the records name must be in the object.
void decide_sections(Unit &u)
{
    Correlation &c = u.corr;
    std::vector<IncludedFunction> kept;
    for (IncludedFunction &f : c.functions) {
        const elf::Symbol *sym = u.patched.find_symbol_by_name(f.symbol);
        if (!sym || sym->type != STT_FUNC || !sym->is_defined()) {
            c.refusals.push_back({.symbol = f.symbol,
                                  .what = "the fingerprints name this function but the object "
                                          "has no such function symbol",
                                  .todo = "pass the objects of one compile"});
            continue;
        }
        std::string section(u.patched.section(sym->shndx).name);
        if (u.macros.ignore_sections.contains(section)) {
            c.excluded.push_back({f.symbol, fmt::format("KPATCH_IGNORE_SECTION({})", section)});
            continue;
        }
        kept.push_back(std::move(f));
    }
    c.functions = std::move(kept);
}

// What the plan copies must be reached only through what it replaces or
// carries (copy_check.h): a function without an ftrace entry, and a
// changed read-only static local.  One instruction map of the patched
// object serves both checks.
void decide_copies(Unit &u)
{
    bool copies = !u.corr.copied_constants.empty() ||
                  std::any_of(u.corr.functions.begin(), u.corr.functions.end(),
                              [](const IncludedFunction &f) { return f.untraceable_copy; });
    if (!copies)
        return;
    std::set<std::string, std::less<>> included;
    for (const IncludedFunction &f : u.corr.functions)
        included.insert(f.symbol);
    CodeMap code(u.patched);
    for (const IncludedFunction &f : u.corr.functions)
        if (f.untraceable_copy)
            if (auto r = other_reference(u.patched, code, f.symbol, included))
                u.corr.refusals.push_back(std::move(*r));
    for (const std::string &name : u.corr.copied_constants)
        if (auto r = constant_reference(u.patched, code, name, included, u.corr.copied_constants))
            u.corr.refusals.push_back(std::move(*r));
}

// A unit's diagnostics name it as the user knows it.
std::vector<Diagnostic> in_unit(std::vector<Diagnostic> all, const Pair &p)
{
    for (Diagnostic &d : all)
        if (d.file.empty())
            d.file = display_name(p);
    return all;
}

Unit plan_unit(const Pair &p, Format format, std::vector<Diagnostic> &refusals)
{
    Unit u{p, elf::Object::open(p.original), elf::Object::open(p.patched), {}, {}, {}};
    if (!p.stock.empty())
        u.stock = elf::Object::open(p.stock);
    auto of = fp::read_object(u.orig);
    auto pf = fp::read_object(u.patched);
    check_pair(p, of, pf);
    u.macros = read_macro_inputs(u.patched);
    u.corr = correlate_unit(u, of, pf, format);
    decide_sections(u);
    decide_copies(u);
    u.corr.refusals = in_unit(std::move(u.corr.refusals), p);
    u.corr.notes = in_unit(std::move(u.corr.notes), p);
    refusals.insert(refusals.end(), u.corr.refusals.begin(), u.corr.refusals.end());
    return u;
}

}  // namespace

std::string display_name(const Pair &p)
{
    return p.source.empty() ? p.patched : p.source;
}

Plan plan(const Options &options)
{
    if (options.pairs.empty())
        throw Error("no object pairs given");
    Plan out;
    out.options = options;
    for (const Pair &p : options.pairs)
        out.units.push_back(plan_unit(p, options.format, out.refusals));
    return out;
}

std::vector<PlannedFunction> planned_functions(const Plan &plan)
{
    std::vector<PlannedFunction> out;
    for (const Unit &u : plan.units)
        for (const IncludedFunction &f : u.corr.functions)
            out.push_back({u.pair.object, display_name(u.pair), f.symbol, f.orig_symbol, f.why,
                           f.reasons, !f.orig_symbol.empty() && !f.is_cold_part, f.entry_jump});
    return out;
}

std::vector<Diagnostic> plan_notes(const Plan &plan)
{
    std::vector<Diagnostic> out;
    for (const Unit &u : plan.units) {
        out.insert(out.end(), u.corr.notes.begin(), u.corr.notes.end());
        for (const Excluded &e : u.corr.excluded)
            out.push_back({.file = display_name(u.pair),
                           .symbol = e.symbol,
                           .what = fmt::format("changed but excluded by {}: not patched", e.how)});
    }
    return out;
}

}  // namespace kpatch::link
