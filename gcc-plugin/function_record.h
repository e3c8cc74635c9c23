// SPDX-License-Identifier: GPL-2.0
//
// function_record.h - what the passes do for each function.
//
//   record_own_body()    GIMPLE pass before "einline": own-body hash
//   record_final_rtl()   RTL pass before "final": RTL hash, references,
//                        inlined callees, ftrace entry -> Unit::pending
//   record_sections()    RTL pass after "final" (sections are resolved by
//                        then): fills in the section, adds the record and,
//                        for a hot/cold split function, its .cold part
#pragma once

#include "gcc-common.h"

namespace kpatch::plugin {

void record_own_body(function *fn);
void record_final_rtl(function *fn);
void record_sections(function *fn);

// Name of a GCC output section, including the unnamed ones.
std::string section_name(section *s);

}  // namespace kpatch::plugin
