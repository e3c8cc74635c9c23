// SPDX-License-Identifier: GPL-2.0
//
// passes.h - register the plugin's three passes with GCC's pass manager:
//   kpatch_gimple  GIMPLE, before the first "einline" (own-body hash)
//   kpatch_rtl     RTL, before "final" (final RTL hash)
//   kpatch_sect    RTL, after "final" (sections, record complete)
// None of them changes the IR, except kpatch_rtl's widening of static
// branches after it has read it (wide_branches.h, an option).
#pragma once

namespace kpatch::plugin {

void register_passes(const char *plugin_name);

}  // namespace kpatch::plugin
