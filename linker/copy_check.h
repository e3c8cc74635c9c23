// SPDX-License-Identifier: GPL-2.0
//
// copy_check.h - a changed function without an ftrace entry that the
// plan copies (correlate.h, untraceable_copy) is reached only through the
// callers the patch replaces: any other reference to it (a function
// pointer in a table, a caller the fingerprints did not show, a call the
// assembler resolved inside a shared section) would keep running the old
// code.  Decided on the patched object as part of the plan (plan.cc), so
// the report names it before anything is built.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "correlate.h"
#include "elf/object.h"
#include "insn.h"

namespace kpatch::link {

// The refusal for the copied function `name` of `patched` when something
// other than the functions in `included` refers to it; nullopt when
// nothing does.  code: the instruction map of `patched`.
std::optional<Diagnostic> other_reference(const elf::Object &patched, const CodeMap &code,
                                          const std::string &name,
                                          const std::set<std::string, std::less<>> &included);

// A changed read-only static local the plan copies (correlate.h,
// copied_constants) must be read only by the functions the patch
// replaces, or by another copied constant (a table of the same function
// pointing at it): a reference from anything else (data the patch does
// not carry, code the fingerprints did not show) would keep reading the
// old content.  The refusal naming it, or nullopt.
std::optional<Diagnostic> constant_reference(const elf::Object &patched, const CodeMap &code,
                                             const std::string &name,
                                             const std::set<std::string, std::less<>> &included,
                                             const std::set<std::string> &copied);

}  // namespace kpatch::link
