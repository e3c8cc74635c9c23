// SPDX-License-Identifier: GPL-2.0
//
// stages.h - the phases of kpatch-build that hand over to the other
// components: the GCC plugin (where it is, which arguments), the
// fingerprint diff (lib/fingerprint) for the report, the linker stage
// (linker/, kpatch_link), the patch-module template (kmod/patch/) and the
// kernel's sign-file.  main.cc sequences them.
#pragma once

#include "options.h"
#include "target.h"
#include "units.h"
#include "util.h"

#include <map>
#include <string>
#include <vector>

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
};

// Fingerprint diff of every unit.  Throws Error for objects without a
// fingerprint record.
std::vector<ChangeLine> diff_units(const std::vector<UnitObjects> &units);

struct LinkResult {
    fs::path object;                 // the relocatable object for the template
    std::vector<std::string> notes;
    size_t functions = 0, dynrelas = 0, symbols = 0, hooks = 0;
};

// One patch object for the format (workdir/link/FORMAT/patch.o); replace
// sets klp_patch.replace (livepatch format).
// stock_modules: module name -> the .ko whose symbol table gives livepatch
// positions, for modules not installed under /lib/modules (out of tree).
LinkResult link_units(const Target &target, const std::vector<UnitObjects> &units,
                      const fs::path &workdir, ModuleFormat format, bool replace,
                      const std::map<std::string, fs::path> &stock_modules);

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

// The module name of a .ko file: its stem with '-' as '_', as the kernel
// names it.
std::string module_name_of(const fs::path &ko);

void sign_module(const Target &target, const fs::path &ko, const fs::path &key,
                 const fs::path &cert);

}  // namespace kpatch::build
