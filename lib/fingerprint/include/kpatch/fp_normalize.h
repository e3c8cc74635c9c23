// SPDX-License-Identifier: GPL-2.0
//
// fp_normalize.h - GCC-independent normalisation rules the plugin applies
// while it fingerprints: which inline-asm operand is a bug-table line
// number, and the final naming pass over a translation unit's records.
// Kept out of the plugin so they are unit-tested without GCC.
#pragma once

#include "kpatch/fingerprint.h"

#include <optional>
#include <string_view>

namespace kpatch::fp {

// x86 WARN()/BUG() put __LINE__ into __bug_table through an "i" operand
// of an asm whose template has ".pushsection __bug_table" and
// "%c<N>\t# bug_entry::line" (arch/x86/include/asm/bug.h).  Returns N,
// the operand number (outputs first, then inputs), when `tmpl` is such an
// asm, so the hashers can leave that operand's value out: a line-number-only
// difference must not make a function differ.
std::optional<unsigned> bug_line_operand(std::string_view tmpl);

// Data that records a source line for the kernel's own use: a field whose
// value is left out of initializer fingerprints, so that shifting lines
// does not make the data differ.  Today: struct _ddebug's `lineno`
// (dynamic debug call sites, include/linux/dynamic_debug.h).
bool is_line_number_field(std::string_view struct_tag, std::string_view field);

// Gives every function its final canonical name (parse_clone(), then
// "#2", "#3" for later symbols that collide, in GCC's numbering order) and
// rewrites references, which the plugin records by raw symbol name, to the
// canonical names of this unit's functions and variables.  References to
// symbols defined elsewhere keep their names.
void finalize_names(TranslationUnit &tu);

}  // namespace kpatch::fp
