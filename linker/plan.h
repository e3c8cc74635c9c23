// SPDX-License-Identifier: GPL-2.0
//
// plan.h - the first half of the linker stage: decode the object pairs
// and their fingerprints, correlate them and decide what goes into the
// patch, without writing anything.  build() (link.h) makes the patch
// object from a plan; kpatch-build reports from the same plan, so what it
// says is patched is what the module patches.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "correlate.h"
#include "elf/object.h"
#include "link.h"
#include "macros.h"

namespace kpatch::link {

// One pair, decoded and decided.
struct Unit {
    Pair pair;
    elf::Object orig;
    elf::Object patched;
    std::optional<elf::Object> stock;  // Pair::stock, when given
    Correlation corr;                  // functions: exactly what build() includes
    MacroInputs macros;
};

struct Plan {
    Options options;
    std::vector<Unit> units;
    // Every unit's, each naming its unit (display_name): build() refuses a
    // plan that has any, naming them all.
    std::vector<Diagnostic> refusals;
};

// How diagnostics name a unit: its source when the caller said (Pair::source),
// else the patched object.
std::string display_name(const Pair &p);

// Throws Error on input that cannot be read (no fingerprints, not a pair);
// what cannot be live-patched is a refusal in the plan, not an exception.
Plan plan(const Options &options);

// One function of the patch, as reported.
struct PlannedFunction {
    std::string object;       // target: vmlinux or a module name
    std::string file;         // the unit (display_name)
    std::string symbol;       // in the patched object
    std::string orig_symbol;  // replaced function; "" when only copied
    Why why = Why::Changed;
    std::vector<std::string> reasons;
    // Listed in the module's functions table (.kpatch.funcs, klp_func):
    // the running kernel's orig_symbol is redirected to it.  A new
    // function, a .cold part or a copied function without an ftrace entry
    // is only carried, reached from the replaced ones.
    bool replaced = false;
    bool entry_jump = false;  // redirected by a jmp at its entry (kpatch format)
};

std::vector<PlannedFunction> planned_functions(const Plan &plan);

// Everything the correlations noted and excluded, in unit order.
std::vector<Diagnostic> plan_notes(const Plan &plan);

}  // namespace kpatch::link
