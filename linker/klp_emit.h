// SPDX-License-Identifier: GPL-2.0
//
// klp_emit.h - write a Model as an upstream livepatch module's parts: the
// dynamic relocations become livepatch relocation sections
// (.klp.rela.OBJ.SECTION) against livepatch symbols (.klp.sym.OBJ.NAME,POS),
// which the kernel itself resolves; the replaced functions, objects and
// callbacks become the tables of include/kpatch/klp.h, from which the
// template (kmod/patch/livepatch-patch.c) builds its struct klp_patch.
#pragma once

#include <cstdint>
#include <functional>

#include "elf/writer.h"
#include "link.h"
#include "model.h"

namespace kpatch::link {

// livepatch's sympos of model.ksyms[i]: 0 when its name is unique in its
// object, else its 1-based position among the same-named symbols.
using SymbolPosition = std::function<uint32_t(uint32_t ksym)>;

// Throws Error for what 6.1's livepatch cannot do (a function without an
// ftrace entry, KPATCH_FORCE_UNSAFE).
void emit_klp(const Model &model, const Options &options, const SymbolPosition &position,
              elf::Writer &writer);

}  // namespace kpatch::link
