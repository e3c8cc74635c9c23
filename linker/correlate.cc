// SPDX-License-Identifier: GPL-2.0
//
// correlate.cc - turn fp::diff() output into an inclusion plan and
// refusals.  Rules (each one the reason a kernel could misbehave):
//  - changed __init/__exit code: already freed, cannot be redirected
//    (unless only code inlined into it changed: it ran once, at boot);
//  - changed function without an ftrace entry: nothing to redirect with,
//    so kpatch.ko writes a jmp over its first bytes where the original
//    allows (all of lib/ is notrace; 6.1 makes every `inline` notrace:
//    SYSCALL_DEFINE's __do_sys_X is one when GCC keeps it out of line);
//    where not, a static one is copied and its callers are replaced
//    instead, a global one (callers elsewhere) is refused; noinstr and
//    entry code is never redirected;
//  - changed initializer or size of existing data: the running kernel's
//    copy keeps the old value/layout; shadow variables or hooks apply
//    (a pr_debug() descriptor is the new code's own, and so is a
//    read-only static local that only replaced code reads: copied instead);
//  - any .data..percpu difference: the per-cpu areas are laid out once;
//  - a cold part and its parent are included together, since each jumps
//    into the other at offsets of its own build.
#include "correlate.h"

#include "anchors.h"

#include <algorithm>

#include <fmt/format.h>

namespace kpatch::link {
namespace {

bool is_percpu(const std::string &section)
{
    return section.starts_with(".data..percpu");
}

template <typename Record>
const Record *find_canonical(const std::vector<Record> &records, const std::string &canonical)
{
    for (const Record &r : records)
        if (r.canonical == canonical)
            return &r;
    return nullptr;
}

std::vector<std::string> reasons_of(const fp::Change &c)
{
    std::vector<std::string> out;
    for (const fp::Reason &r : c.reasons)
        out.push_back(fp::to_string(r));
    return out;
}

class Planner {
public:
    Planner(const fp::TranslationUnit &o, const fp::TranslationUnit &p,
            const std::set<std::string> &ignored, const EntryJumpCheck &entry_jump,
            Correlation &out)
        : o_(o), p_(p), ignored_(ignored), entry_jump_(entry_jump), out_(out)
    {
    }

    void run()
    {
        map_twins();
        std::vector<fp::Change> changes = fp::diff(o_, p_);
        for (const fp::Change &c : changes) {
            if (c.entity == fp::EntityKind::Function)
                function_change(c);
            else
                variable_change(c);
        }
        add_table_users();
        add_cold_closure();
        out_.changes.insert(out_.changes.end(), changes.begin(), changes.end());
    }

private:
    void map_twins()
    {
        for (const fp::FunctionRecord &f : p_.functions)
            if (const auto *t = find_canonical(o_.functions, f.canonical))
                out_.to_orig[f.symbol] = t->symbol;
        for (const fp::VariableRecord &v : p_.variables)
            if (const auto *t = find_canonical(o_.variables, v.canonical))
                out_.to_orig[v.symbol] = t->symbol;
    }

    void refuse(const std::string &symbol, const std::string &section, std::string what,
                std::string todo)
    {
        out_.refusals.push_back({.symbol = symbol,
                                 .section = section,
                                 .what = std::move(what),
                                 .todo = std::move(todo)});
    }

    // The author's KPATCH_IGNORE_FUNCTION wins over any reason to include.
    bool excluded(const std::string &symbol)
    {
        if (!ignored_.contains(symbol))
            return false;
        bool known = std::any_of(out_.excluded.begin(), out_.excluded.end(),
                                 [&](const Excluded &e) { return e.symbol == symbol; });
        if (!known)
            out_.excluded.push_back({symbol, "KPATCH_IGNORE_FUNCTION"});
        return true;
    }

    void function_change(const fp::Change &c)
    {
        if (c.kind == fp::ChangeKind::Removed || excluded(c.symbol))
            return;
        const fp::FunctionRecord *pf = find_canonical(p_.functions, c.canonical);
        const fp::FunctionRecord *of = find_canonical(o_.functions, c.canonical);
        if (out_.includes(c.symbol))
            return;  // already in as a caller of a copied function
        if (c.kind == fp::ChangeKind::Changed && of && of->is_init) {
            init_change(c, *of, pf);
            return;
        }
        if (c.kind == fp::ChangeKind::Changed && !c.patchable) {
            untraceable(c.symbol, pf, reasons_of(c));
            return;
        }
        IncludedFunction inc;
        inc.symbol = c.symbol;
        inc.orig_symbol = of ? of->symbol : "";
        inc.is_cold_part = pf && pf->clone_kind == fp::CloneKind::Cold;
        inc.reasons = reasons_of(c);
        if (c.kind == fp::ChangeKind::New) {
            inc.reasons.push_back("new function");
            inc.why = Why::New;
        }
        out_.functions.push_back(std::move(inc));
    }

    // __init code ran at boot and is freed: a change of its own source
    // cannot take effect, but one that only comes from a helper it inlines
    // (the helper being what the patch fixes) changes nothing that runs again.
    void init_change(const fp::Change &c, const fp::FunctionRecord &of,
                     const fp::FunctionRecord *pf)
    {
        if (pf && pf->gimple_hash == of.gimple_hash) {
            out_.notes.push_back({.symbol = c.symbol, .section = of.section,
                                  .what = "differs only in code inlined into it; it ran at "
                                          "boot and is not patched"});
            return;
        }
        refuse(c.symbol, of.section,
               "changed __init/__exit function: it has already run (and been freed)",
               "move the change into a KPATCH_LOAD_HOOK or a callback");
    }

    // A changed function ftrace cannot redirect.  Where its original
    // allows, a jmp over its first bytes redirects it
    // (KPATCH_FUNC_ENTRY_JUMP); otherwise a static one is copied into the
    // patch and every function of this file that calls it is replaced, so
    // the running kernel reaches the copy through them; a global one may
    // be called from anywhere and is refused.  Code that runs where
    // nothing may be traced, or must stay mapped in user page tables, is
    // never redirected.
    void untraceable(const std::string &symbol, const fp::FunctionRecord *pf,
                     std::vector<std::string> reasons, Why why = Why::Changed)
    {
        const fp::FunctionRecord *of = pf ? find_canonical(o_.functions, pf->canonical) : nullptr;
        std::string section = pf ? pf->section : "";
        if (section.starts_with(".noinstr.text") || section.starts_with(".entry.text")) {
            refuse(symbol, section,
                   fmt::format("changed noinstr or entry code ({}): it runs where nothing may be "
                               "traced or must stay mapped in user page tables, so nothing may "
                               "redirect it",
                               fmt::join(reasons, "; ")),
                   "change a function it calls instead");
            return;
        }
        if (of && of->has_fentry) {
            // Only the patched version is notrace: the original's site redirects.
            reasons.push_back("the patched version has no ftrace entry; the original's redirects");
            out_.functions.push_back(
                {symbol, of->symbol, false, false, std::move(reasons), false, why});
            return;
        }
        std::string no_jump = of ? entry_jump_obstacle(of->symbol)
                                 : "the original object has no such function";
        if (no_jump.empty()) {
            reasons.push_back("no ftrace entry: a jmp at its entry redirects it");
            IncludedFunction inc{symbol, of->symbol, false, false, std::move(reasons), true, why};
            out_.functions.push_back(std::move(inc));
            return;
        }
        if (pf && pf->binding == fp::Binding::Local) {
            copy_untraceable(symbol, *pf, std::move(reasons), why);
            return;
        }
        // Say why it is in: its own change, or a callee's (the chain ends
        // at a function the user may not have touched).
        refuse(symbol, section,
               fmt::format("changed function has no ftrace entry (notrace) and is global, so "
                           "its callers cannot all be replaced, and no jmp at its entry can "
                           "redirect it: {} ({})",
                           no_jump, fmt::join(reasons, "; ")),
               "move the change into a traceable function");
    }

    std::string entry_jump_obstacle(const std::string &orig_symbol) const
    {
        return entry_jump_ ? entry_jump_(orig_symbol)
                           : "its original object was not checked for a jmp at its entry";
    }

    void copy_untraceable(const std::string &symbol, const fp::FunctionRecord &pf,
                          std::vector<std::string> reasons, Why why)
    {
        reasons.push_back("no ftrace entry: copied, its callers are replaced");
        IncludedFunction inc{symbol, "", false, true, std::move(reasons), false, why};
        out_.functions.push_back(std::move(inc));
        for (const fp::FunctionRecord &g : p_.functions)
            if (g.symbol != symbol && calls(g, pf.canonical) && !out_.includes(g.symbol))
                include_dependent(g, fmt::format("calls '{}', which has no ftrace entry", symbol),
                                  Why::CallsCopy);
    }

    static bool calls(const fp::FunctionRecord &f, const std::string &canonical)
    {
        return std::any_of(f.references.begin(), f.references.end(), [&](const fp::SymbolRef &r) {
            return r.is_function && r.name == canonical;
        });
    }

    // g's own code is unchanged, but it must come along (it calls a copied
    // function, or uses a changed table): redirected when traceable, copied
    // when not, left alone when it is __init code that already ran.
    void include_dependent(const fp::FunctionRecord &g, const std::string &why, Why kind)
    {
        const fp::FunctionRecord *og = find_canonical(o_.functions, g.canonical);
        if (g.is_init) {
            out_.notes.push_back({.symbol = g.symbol, .section = g.section,
                                  .what = why + " but ran at boot; it is not patched"});
            return;
        }
        if (!g.has_fentry && g.clone_kind != fp::CloneKind::Cold) {
            untraceable(g.symbol, &g, {why}, kind);
            return;
        }
        out_.functions.push_back({g.symbol, og ? og->symbol : "",
                                  g.clone_kind == fp::CloneKind::Cold, false, {why}, false, kind});
    }

    void variable_change(const fp::Change &c)
    {
        const fp::VariableRecord *pv = find_canonical(p_.variables, c.canonical);
        const fp::VariableRecord *ov = find_canonical(o_.variables, c.canonical);
        if (is_artificial_rodata(c.symbol)) {
            if (c.kind != fp::ChangeKind::Removed)
                out_.new_variables.insert(c.symbol);
            if (c.kind == fp::ChangeKind::Changed)
                changed_tables_.push_back({c.symbol, c.canonical, "read-only table"});
            return;
        }
        const fp::VariableRecord *any = pv ? pv : ov;
        if (any && is_percpu(any->section)) {
            refuse(c.symbol, any->section,
                   fmt::format("{} per-cpu variable: the per-cpu layout cannot change at run "
                               "time",
                               fp::to_string(c.kind)),
                   "use a shadow variable (klp_shadow_alloc) instead");
            return;
        }
        if (c.kind == fp::ChangeKind::Removed)
            return;
        if (c.kind == fp::ChangeKind::Changed && is_ddebug_descriptor(*pv)) {
            changed_descriptor(c);
            return;
        }
        // __init code that read a changed read-only static local at boot.
        bool constant = pv && is_local_constant(*pv);
        const fp::FunctionRecord *init = constant ? init_reader(c) : nullptr;
        if (c.kind == fp::ChangeKind::Changed && constant && !init) {
            changed_constant(c);
            return;
        }
        if (c.kind == fp::ChangeKind::New) {
            out_.new_variables.insert(c.symbol);
            if (pv && pv->is_static_local() && owner_unchanged(pv->static_local_owner))
                out_.orphan_statics.insert(c.symbol);
            return;
        }
        refuse(c.symbol, pv->section,
               fmt::format("changed data ({}): the running kernel keeps the old {}{}",
                           fmt::join(reasons_of(c), "; "),
                           ov && ov->size != pv->size ? "size" : "value",
                           init ? fmt::format(" (__init code '{}' read it at boot)", init->symbol)
                               : ""),
               "use a shadow variable for new fields, or a KPATCH_LOAD_HOOK / "
               "KPATCH_PRE_PATCH_CALLBACK for one-time data fixes");
    }

    // A read-only static local: netlink's NL_SET_ERR_MSG() message
    // (`static const char __msg[]`), a function's own lookup table.  Only
    // its function (and where that is inlined) can name it, and nothing
    // writes it, so there is no state to keep: when its content changed,
    // the patch carries the new one and replaces every function that
    // reads it (their code refers to it by name, so it did not change).
    // Refused when __init code reads it (what that code did at boot with
    // the old content stays) and, in plan.cc, when anything but a replaced
    // function or another copied constant refers to it.
    static bool is_local_constant(const fp::VariableRecord &v)
    {
        return v.is_read_only && v.is_static_local() && v.section.starts_with(".rodata");
    }

    static bool reads(const fp::FunctionRecord &f, const fp::Change &c)
    {
        return std::any_of(f.references.begin(), f.references.end(), [&](const fp::SymbolRef &r) {
            return !r.is_function && (r.name == c.symbol || r.name == c.canonical);
        });
    }

    const fp::FunctionRecord *init_reader(const fp::Change &c) const
    {
        for (const fp::FunctionRecord &f : p_.functions)
            if (f.is_init && reads(f, c))
                return &f;
        return nullptr;
    }

    void changed_constant(const fp::Change &c)
    {
        out_.new_variables.insert(c.symbol);
        out_.copied_constants.insert(c.symbol);
        changed_tables_.push_back({c.symbol, c.canonical, "read-only static local"});
        out_.notes.push_back(
            {.symbol = c.symbol,
             .what = fmt::format("read-only static local {} changed ({}): the patch carries the "
                                 "new content and replaces the functions that read it; the "
                                 "running kernel's copy stays",
                                 c.canonical, fmt::join(reasons_of(c), "; "))});
    }

    // A pr_debug() descriptor whose initializer changed (its format, its
    // function; a moved line alone is no change, fp_normalize.h) belongs
    // to the new code: the patch module carries its own, which the module
    // loader registers with dynamic debug under the patch module's name.
    // Only the patched code uses it; the running one keeps the old.
    static bool is_ddebug_descriptor(const fp::VariableRecord &v)
    {
        return v.section == "__dyndbg";
    }

    void changed_descriptor(const fp::Change &c)
    {
        out_.new_variables.insert(c.symbol);
        out_.notes.push_back(
            {.symbol = c.symbol, .section = "__dyndbg",
             .what = fmt::format("pr_debug() descriptor changed ({}): the patch carries its own, "
                                 "listed in dynamic debug's control under the patch module",
                                 fmt::join(reasons_of(c), "; "))});
    }

    // The owner's own source did not change, yet the original has no such
    // static: the original compiler dropped it, so there is no state to
    // share and a fresh copy would silently differ.
    // Clones (owner.constprop, owner.isra) carry the owner's own body too.
    bool owner_unchanged(const std::string &owner) const
    {
        auto own_hashes = [&](const fp::TranslationUnit &tu) {
            std::set<uint64_t> h;
            for (const fp::FunctionRecord &f : tu.functions)
                if (f.canonical == owner || f.canonical.starts_with(owner + "."))
                    h.insert(f.gimple_hash);
            return h;
        };
        auto o = own_hashes(o_);
        return !o.empty() && o == own_hashes(p_);
    }

    // A function whose code is unchanged but whose lookup table changed
    // (switch -> CSWTCH) computes something else now: include it, with a
    // copy of the new table.
    void add_table_users()
    {
        for (const ChangedTable &table : changed_tables_)
            for (const fp::FunctionRecord &f : p_.functions) {
                bool uses = std::any_of(f.references.begin(), f.references.end(),
                                        [&](const fp::SymbolRef &r) {
                                            return r.name == table.canonical || r.name == table.symbol;
                                        });
                if (uses && !out_.includes(f.symbol) && !excluded(f.symbol))
                    include_dependent(f, fmt::format("{} '{}' changed", table.kind, table.canonical),
                                      Why::UsesTable);
            }
    }

    void add_cold_closure()
    {
        for (size_t i = 0; i < out_.functions.size(); i++) {
            const std::string sym = out_.functions[i].symbol;
            const fp::FunctionRecord *f = symbol_record(sym);
            if (!f)
                continue;
            for (const fp::FunctionRecord &g : p_.functions) {
                bool related = (f->clone_kind == fp::CloneKind::Cold && g.canonical == f->clone_of) ||
                               (g.clone_kind == fp::CloneKind::Cold && g.clone_of == f->canonical);
                if (related && !out_.includes(g.symbol)) {
                    const auto *og = find_canonical(o_.functions, g.canonical);
                    out_.functions.push_back({g.symbol, og ? og->symbol : "",
                                              g.clone_kind == fp::CloneKind::Cold, false,
                                              {fmt::format("included with '{}'", sym)}, false,
                                              Why::ColdCompanion});
                }
            }
        }
    }

    const fp::FunctionRecord *symbol_record(const std::string &sym) const
    {
        for (const fp::FunctionRecord &f : p_.functions)
            if (f.symbol == sym)
                return &f;
        return nullptr;
    }

    const fp::TranslationUnit &o_, &p_;
    const std::set<std::string> &ignored_;
    const EntryJumpCheck &entry_jump_;
    Correlation &out_;
    struct ChangedTable {
        std::string symbol, canonical;
        const char *kind;
    };
    std::vector<ChangedTable> changed_tables_;
};

}  // namespace

bool is_artificial_rodata(std::string_view s)
{
    return s.starts_with("CSWTCH.") || s.find(".compoundliteral") != std::string_view::npos ||
           s.starts_with("__func__.") || s.starts_with("__PRETTY_FUNCTION__.");
}

std::string_view to_string(Why why)
{
    switch (why) {
    case Why::Changed: return "changed";
    case Why::New: return "new";
    case Why::CallsCopy: return "calls a copied function";
    case Why::UsesTable: return "uses a changed table";
    case Why::ColdCompanion: return "cold part or its parent";
    }
    return "?";
}

bool Correlation::includes(const std::string &symbol) const
{
    return std::any_of(functions.begin(), functions.end(),
                       [&](const IncludedFunction &f) { return f.symbol == symbol; });
}

Correlation correlate(const std::vector<fp::TranslationUnit> &orig,
                      const std::vector<fp::TranslationUnit> &patched,
                      const std::set<std::string> &ignored, const EntryJumpCheck &entry_jump)
{
    Correlation out;
    for (const fp::UnitPair &pair : fp::pair_units(orig, patched)) {
        if (!pair.patched)
            continue;  // a unit the patched object lacks: nothing to patch in it
        if (!pair.orig) {
            out.refusals.push_back(
                {.what = fmt::format("no original record for translation unit '{}': the objects "
                                     "are not a pair",
                                     pair.patched->source)});
            continue;
        }
        Planner(*pair.orig, *pair.patched, ignored, entry_jump, out).run();
    }
    return out;
}

}  // namespace kpatch::link
