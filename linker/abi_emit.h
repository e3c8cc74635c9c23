// SPDX-License-Identifier: GPL-2.0
//
// abi_emit.h - write a Model as the .kpatch.* sections of
// include/kpatch/abi.h: every pointer field is a zero with an R_X86_64_64
// relocation, so the module loader fills in the addresses.
#pragma once

#include <string>

#include "elf/writer.h"
#include "link.h"
#include "model.h"

namespace kpatch::link {

void emit_abi(const Model &model, const Options &options, elf::Writer &writer);

}  // namespace kpatch::link
