// SPDX-License-Identifier: GPL-2.0
//
// rtl_hash.h - the fingerprint of a function's final RTL (the insn chain
// just before `final`), normalised:
//   hashed   insn kind and pattern, registers (hard regs after reload, as
//            they are), modes, constants, inline asm templates/constraints/
//            operands, memory volatility and address space, text-section
//            switches (hot/cold split), sibling-call flag
//   numbered code labels by order of appearance, not CODE_LABEL_NUMBER
//   named    symbols by canonical name; constant-pool and string-literal
//            symbols (.LC0) by their content
//   skipped  notes, barriers, debug insns, INSN_UIDs, locations, REG_NOTES,
//            MEM_ATTRS (alias sets, decls), the __bug_table line operand
// Also collects the symbols the function references (by raw symbol
// name: fp::finalize_names() makes them canonical at the end of the unit).
#pragma once

#include "gcc-common.h"
#include "kpatch/fingerprint.h"

#include <map>
#include <string>

namespace kpatch::plugin {

struct RtlFingerprint {
    uint64_t hash = 0;
    std::map<std::string, fp::SymbolRef> references;  // by raw symbol
    std::string tokens;  // the serialised stream, when asked for
};

RtlFingerprint hash_rtl(rtx_insn *first, bool want_tokens);

}  // namespace kpatch::plugin
