// SPDX-License-Identifier: GPL-2.0
//
// link.h - the linker stage as a library (target kpatch_link), for the
// kpatch-link tool and the kpatch-build driver.
//
// link() reads pairs of original and patched objects compiled with the
// fingerprint plugin, decides from the fingerprints what changed, and
// writes one relocatable object holding the changed and new functions,
// what they need, their special-section entries and the .kpatch.*
// sections of include/kpatch/abi.h.  Refusals and bad input are thrown as
// kpatch::Error with a complete message (file, symbol, section, what to do).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "kpatch/diagnostic.h"
#include "sympos.h"

namespace kpatch::link {

// One translation unit (or `ld -r` object) before and after the patch.
struct Pair {
    std::string original;
    std::string patched;
    std::string object = "vmlinux";  // target object: "vmlinux" or a module name
    // How diagnostics name this unit (its source file, "fs/proc/version.c");
    // "" = the patched object's path.
    std::string source = {};
    // The original compiled with the kernel's own flags only (no plugin, no
    // -fdata-sections), as the running kernel was: the symbol order anchors
    // are taken from (anchors.h).  "" = use the original's order.
    std::string stock = {};
};

// What the patch object is for: kpatch.ko (.kpatch.* sections, kpatch
// dynrelas) or the kernel's own livepatch (.klp.rela/.klp.sym, klp.h).
enum class Format { Kpatch, Klp };

struct Options {
    std::vector<Pair> pairs;
    std::string output;             // written via a temporary file + rename
    std::string symvers;            // Module.symvers of the target; "" = nothing exported
    std::string kernel_release;     // utsname()->release the patch is for
    std::string kernel_version;     // utsname()->version, "" to skip the check
    bool replace = false;           // KPATCH_PATCH_REPLACE / klp_patch.replace
    Format format = Format::Kpatch;
    SymbolSources symbols;          // Format::Klp: where livepatch positions come from
};

struct FunctionReport {
    std::string file;      // the unit (display_name, plan.h)
    std::string symbol;
    bool is_new = false;   // new function (not in .kpatch.funcs)
    std::string why;       // "changed", "calls a copied function", ... (correlate.h's Why)
    std::vector<std::string> reasons;
};

struct Report {
    std::vector<FunctionReport> functions;  // every included function
    size_t dynrelas = 0;
    size_t symbols = 0;                     // struct kpatch_symbol entries
    size_t hooks = 0;
    std::vector<Diagnostic> notes;          // the plan's (plan_notes), then the build's
    // How kpatch.ko will find each symbol of a target object: "vmlinux:
    // max_threads: anchors total_forks nr_threads [max_threads] ...".
    std::vector<std::string> locations;
};

// Throws Error; the output file is only replaced on success.
// build(plan(options)): the two halves, for a caller that reports from
// the plan before building (kpatch-build).
Report link(const Options &options);

struct Plan;  // plan.h
Report build(const Plan &plan);

}  // namespace kpatch::link
