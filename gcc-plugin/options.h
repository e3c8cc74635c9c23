// SPDX-License-Identifier: GPL-2.0
//
// options.h - the plugin's -fplugin-arg-kpatch-<key>[=<value>] arguments.
//
//   sections   turn on -ffunction-sections -fdata-sections, so objects of
//              a plain `make CC="gcc -fplugin=kpatch.so
//              -fplugin-arg-kpatch-sections"` suit kpatch-link
//   trace=FILE append each function's normalised token streams (hex) to
//              FILE, to debug why two fingerprints differ
//   wide-static-branches
//              assemble every static branch as a 5-byte jmp (kpatch-build's
//              patched build; wide_branches.h)
//   expect-hash=HEX
//              refuse to run unless this kpatch.so file's FNV-1a 64 hash
//              is HEX (identity.h: the plugin a distcc server loads must
//              be the build kpatch-build hashed)
//   stats      print one line to stderr at the end of the unit: entities
//              recorded, record size, CPU time spent in the plugin (for
//              bench/plugin-overhead)
//
// Unknown keys, and values given to keys that take none, are errors.
#pragma once

#include <string>

struct plugin_name_args;

namespace kpatch::plugin {

struct Options {
    bool sections = false;
    bool stats = false;
    bool wide_static_branches = false;
    std::string trace_file;
    std::string expect_hash;
};

// Parses the arguments; reports each problem with error() and returns
// false when there was any.
bool parse_options(const plugin_name_args &info, Options &out);

}  // namespace kpatch::plugin
