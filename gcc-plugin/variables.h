// SPDX-License-Identifier: GPL-2.0
//
// variables.h - records for the variables this unit emitted, taken at the
// end of the unit from the varpool (only those GCC actually assembled).
#pragma once

namespace kpatch::plugin {

void record_variables();

}  // namespace kpatch::plugin
