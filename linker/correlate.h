// SPDX-License-Identifier: GPL-2.0
//
// correlate.h - from two fingerprint records of one object to a patch plan:
// which functions to include, which symbols of the patched object are
// which symbols of the original, and what cannot be live-patched.
//
// Pure logic over kpatch::fp records (no ELF), so doctest covers it.  It
// decides with fp::diff() (final-RTL hash) and matches entities by
// canonical name, so renumbered static locals (count.3 -> count.5) and
// clones (foo.isra.0 -> foo.isra.1) still correlate.  It does not look
// at relocations: what the included code needs is the builder's job.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kpatch/fingerprint.h"

namespace kpatch::link {

// Why a function is in the patch: the report gives it for each one, so
// that a function the user did not touch says what brought it in.
enum class Why {
    Changed,        // its own code changed (fp::diff)
    New,            // not in the original
    CallsCopy,      // unchanged, but calls a copied function without an ftrace entry
    UsesTable,      // unchanged, but reads a read-only table that changed
    ColdCompanion,  // a .cold part or its parent, included with the other
};

std::string_view to_string(Why why);  // "changed", "calls a copied function", ...

struct IncludedFunction {
    std::string symbol;             // in the patched object
    std::string orig_symbol;        // in the original; "" for a new function
    bool is_cold_part = false;      // foo.cold: reached from its parent only
    // A changed static function without an ftrace entry whose first bytes
    // a jmp cannot cover: copied like a new function, its callers replaced
    // instead (the builder checks that nothing else refers to it).
    bool untraceable_copy = false;
    std::vector<std::string> reasons;
    // A changed function without an ftrace entry whose original allows
    // it: kpatch.ko writes a jmp over its first bytes
    // (KPATCH_FUNC_ENTRY_JUMP, abi.h; checked by entry_jump.h).
    bool entry_jump = false;
    Why why = Why::Changed;
};

// A changed function the author kept out of the patch
// (KPATCH_IGNORE_FUNCTION, KPATCH_IGNORE_SECTION): reported, not patched.
struct Excluded {
    std::string symbol;
    std::string how;     // "KPATCH_IGNORE_FUNCTION", "KPATCH_IGNORE_SECTION(.text.x)"
};

struct Correlation {
    std::vector<IncludedFunction> functions;        // changed or new, emission order
    std::map<std::string, std::string> to_orig;     // patched symbol -> original symbol
    std::set<std::string> new_variables;            // patched symbols without a twin
    std::set<std::string> orphan_statics;           // static locals the original lacks
    // Changed read-only static locals the patch carries anew (also in
    // new_variables); plan.cc checks that only replaced code refers to them.
    std::set<std::string> copied_constants;
    // What cannot be live-patched, and decisions the user should know of;
    // plan.h fills in each one's file.
    std::vector<Diagnostic> refusals;
    std::vector<Diagnostic> notes;
    std::vector<Excluded> excluded;
    // fp::diff() of each pair of records, unfiltered: what the patch
    // changed, before any decision (the driver's "nothing changed" test).
    std::vector<fp::Change> changes;

    bool includes(const std::string &symbol) const;
};

// Compiler-made read-only data (switch tables, compound literals,
// __func__ strings): no program identity, numbered per file, so it is
// always copied into the patch, never referenced or refused.
bool is_artificial_rodata(std::string_view symbol);

// Why the original function `symbol`, one without an ftrace entry, cannot
// take a jmp over its first bytes (entry_jump.h); "" when it can.
using EntryJumpCheck = std::function<std::string(const std::string &symbol)>;

// ignored: function symbols (patched object) the author excluded with
// KPATCH_IGNORE_FUNCTION.  entry_jump: checks the original object; none
// given, no function takes the entry jump.  Records of one object may
// span several translation units (ld -r); matched by source file name.
Correlation correlate(const std::vector<fp::TranslationUnit> &orig,
                      const std::vector<fp::TranslationUnit> &patched,
                      const std::set<std::string> &ignored = {},
                      const EntryJumpCheck &entry_jump = {});

}  // namespace kpatch::link
