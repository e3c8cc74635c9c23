// SPDX-License-Identifier: GPL-2.0
//
// emit.h - write the unit's encoded record into the assembler output as
// the non-allocated, SHF_EXCLUDE section fp::kFingerprintSection.
#pragma once

namespace kpatch::plugin {

void emit_record();

}  // namespace kpatch::plugin
