// SPDX-License-Identifier: GPL-2.0
//
// stages.h - the phases of kpatch-build that hand over to the other
// components: the GCC plugin (where it is, which arguments), the
// linker stage (linker/, kpatch_link: its plan, which the report is
// printed from, and the patch object built from that plan), the
// patch-module template (kmod/patch/) and the kernel's sign-file.
// main.cc sequences them.
#pragma once

#include "options.h"
#include "target.h"
#include "units.h"
#include "util.h"

#include <kpatch/diagnostic.h>
#include <kpatch/module_name.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kpatch::link {
struct Plan;  // linker/plan.h
}

namespace kpatch::build {

// The plugin and the -fplugin-arg-* that turn on its recording and
// function/data sections, plus the include path of the patch-author
// headers (kmod/patch/).  Throws Error saying how to build the plugin.
std::string plugin_cflags(const fs::path &override_path);

struct UnitObjects {
    Unit unit;
    fs::path original;
    fs::path patched;
    fs::path stock;     // the original with the kernel's own flags; empty if none
};

struct ChangeLine {
    std::string object;    // vmlinux or module
    std::string unit;      // fs/proc/version.c
    std::string kind;      // "changed function", "new function", "changed data", ...
    std::string symbol;
    std::string reason;    // from the plugin's fingerprints
    // What the plan does with it: "patched", "carried" (new, in the module),
    // "excluded by KPATCH_IGNORE_FUNCTION", "refused", "not patched: ..."
    // (a note: __init code that ran), "follows its users" (data and inlined
    // code: what uses it is in the module, or nothing does).
    std::string outcome;
};

// One function of a patch module as the linker's plan has it
// (linker/plan.h): what the module will hold, and why.
struct ReportFunction {
    std::string object;    // vmlinux or module
    std::string unit;      // fs/proc/version.c
    std::string symbol;    // in the patched object
    std::string replaces;  // the running function redirected to it; "" when only carried
    std::string why;       // "changed", "new", "calls a copied function", ...
    std::string reason;    // the reasons, "; "-joined
    bool entry_jump = false;  // redirected by a jmp at its entry, not ftrace
};

// What one format's patch will be, decided before anything is written.
// The report is printed from it and link_plan() builds from it, so the
// two cannot disagree.  Paths of objects read as the units' sources.
struct PlanResult {
    ModuleFormat format = ModuleFormat::Kpatch;
    std::vector<ChangeLine> changes;        // the fingerprint diff of every unit, with outcomes
    std::vector<ReportFunction> functions;  // in the module's order
    std::vector<Diagnostic> notes;          // decisions, functions left out on request
    // What cannot be live-patched: the plan's, and what link_plan() found
    // in the relocations.
    std::vector<Diagnostic> refusals;
    std::shared_ptr<const link::Plan> plan;
};

// The linker's plan for one format (workdir/link/FORMAT/patch.o is where
// link_plan() writes); replace sets klp_patch.replace (livepatch format).
// stock_modules: module name -> the .ko whose symbol table gives livepatch
// positions, for modules not installed under /lib/modules (out of tree).
// Throws Error for objects without a fingerprint record.
PlanResult plan_units(const Target &target, const std::vector<UnitObjects> &units,
                      const fs::path &workdir, ModuleFormat format, bool replace,
                      const std::map<std::string, fs::path> &stock_modules);

struct LinkResult {
    fs::path object;                 // the relocatable object for the template
    std::vector<Diagnostic> notes;   // the build's own, beyond the plan's
    size_t functions = 0, dynrelas = 0, symbols = 0, hooks = 0;
};

// The patch object of a plan without refusals (Error ErrorKind::Refused
// naming every refusal otherwise; those only the build finds are added to
// plan.refusals, so the report names them too).
LinkResult link_plan(PlanResult &plan);

// Builds PREFIX-NAME.ko (options.h, module_prefix) from the linked object
// against the headers with the format's template (kmod/patch/); the kpatch
// format links against the exports in core_symvers (the target release's
// kpatch.ko); a livepatch module gets its post-link step (the .klp.rela
// sections, linker/klp_finish.h).
fs::path build_module(const Target &target, ModuleFormat format, const std::string &name,
                      const fs::path &linked, const fs::path &core_symvers,
                      const fs::path &workdir, int jobs);

// The modules an out-of-tree source dir builds, unpatched, as users load
// them (kbuild against the headers, in a copy under workdir): module name
// ('-' as '_') -> .ko.  Their symbol tables give livepatch positions.
std::map<std::string, fs::path> build_stock_oot_modules(const Target &target,
                                                        const fs::path &source,
                                                        const fs::path &workdir, int jobs);

void sign_module(const Target &target, const fs::path &ko, const fs::path &key,
                 const fs::path &cert);

}  // namespace kpatch::build
