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

// Data GCC made up and named with its per-unit temporary counter:
// switch-conversion tables (CSWTCH.N), file-scope compound literals
// (__compound_literal.N), initializer copies (C.N, static locals named
// "owner::C" in declaration order).  The counter moves whenever an
// earlier function gains or loses a temporary, so N is no identity and
// never reaches a canonical name.
bool is_anonymous_data(const_tree decl);

// Anonymous data that is read-only: code reading it depends on its
// content, which is hashed wherever such data is referenced.
bool is_anonymous_constant(const_tree decl);

// The owner of anonymous data without a function context: the variable
// whose initializer takes its address, else the function whose code
// first references it ("" while there is none).  Its canonical name is
// "owner::CSWTCH", "owner::CSWTCH#2"... in order of first reference, the
// same in both builds when the owner did not change.
std::string anonymous_owner(const_tree decl);

// Source-level canonical name of a global decl, for hashing: static locals
// as above, anonymous data as "owner::prefix[#k]", everything else its
// source name through fp::canonical_symbol().
std::string global_canonical(const_tree decl);

}  // namespace kpatch::plugin
