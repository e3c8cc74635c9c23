// SPDX-License-Identifier: GPL-2.0
//
// unit.h - state of the translation unit being compiled: the record the
// passes fill, the own-body hashes of every function (kept even for
// functions that are later inlined everywhere and never emitted), and the
// function record handed from the pass before `final` to the one after it.
// One compiler process compiles one unit, so this is a single global.
#pragma once

#include "kpatch/fingerprint.h"
#include "options.h"

#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>

namespace kpatch::plugin {

struct Unit {
    Options options;
    std::string plugin_name;  // info->base_name, for messages
    fp::TranslationUnit record;
    // Own-body (GIMPLE) hash by function source name: C has one function
    // of a name per unit, and clones keep their origin's DECL_NAME.
    std::unordered_map<std::string, uint64_t> gimple_hashes;
    std::optional<fp::FunctionRecord> pending;
    FILE *trace = nullptr;
};

Unit &unit();

// Writes a token stream to the trace file, when -fplugin-arg-kpatch-trace
// asked for one.
void trace(const char *kind, const std::string &name, uint64_t hash, const std::string &tokens);

}  // namespace kpatch::plugin
