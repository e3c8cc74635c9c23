// SPDX-License-Identifier: GPL-2.0
//
// emit.h - write the unit's encoded record into the assembler output as
// the non-allocated, SHF_EXCLUDE section fp::kFingerprintSection.
#pragma once

#include <cstddef>

namespace kpatch::plugin {

// Returns the size of the encoded record.
size_t emit_record();

}  // namespace kpatch::plugin
