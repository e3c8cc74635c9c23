// SPDX-License-Identifier: GPL-2.0
//
// decl_names.h - names and bindings of GCC declarations, as recorded.
//
// These never create an assembler name (DECL_ASSEMBLER_NAME on a decl that
// has none would assign one, and for static locals GCC numbers them in the
// order they are assigned: asking early would renumber symbols).
#pragma once

#include "gcc-common.h"
#include "kpatch/fingerprint.h"

#include <string>

namespace kpatch::plugin {

// DECL_NAME, or "<anon>".
std::string source_name(const_tree decl);

// The ELF symbol: the assembler name without GCC's '*' prefix.  Falls back
// to source_name() when no assembler name is set yet.
std::string symbol_name(const_tree decl);

fp::Binding binding_of(const_tree decl);

// A `static` variable declared inside a function.
bool is_static_local(const_tree decl);

// "owner::name" or "owner::name#2" (see fp::static_local_name).
std::string static_local_canonical(const_tree decl);

// Source-level canonical name of a global decl, for hashing: static locals
// as above, everything else its source name through fp::canonical_symbol().
std::string global_canonical(const_tree decl);

}  // namespace kpatch::plugin
