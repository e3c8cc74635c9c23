// SPDX-License-Identifier: GPL-2.0
//
// wide_branches.h - with -fplugin-arg-kpatch-wide-static-branches, every
// static branch of the unit is assembled as a 5-byte `jmp rel32`.
//
// The kernel writes a static branch as `asm goto("1: jmp %l[l_yes]" ...)`
// plus a __jump_table entry (arch/x86/include/asm/jump_label.h); the
// assembler shortens the jmp to 2 bytes when its target is near, and
// objtool turns it into a nop of the same size.  A patch module cannot
// link a site that tests a module's key into that module's jump table
// (the module may come after the patch), so kpatch-link makes the site
// jump to a stub after the function that tests the key (linker/
// jump_stub.h): a 2-byte site reaches only 127 bytes, which real fixes
// of long functions in cifs, f2fs, mac80211, sctp, 9p exceeded.  A jmp
// written out as bytes (`.byte 0xe9; .long target - . - 4`) is never
// shortened, so the site reaches the stub.
//
// kpatch-build passes the option for the patched build only: the
// original object must keep the running kernel's layout (kpatch-link
// takes the original code bytes from it), and the fingerprints are
// recorded before the rewrite, so they do not see it.
#pragma once

#include "gcc-common.h"

namespace kpatch::plugin {

// Rewrites the asm template of each static branch of the function being
// compiled (cfun, whose RTL get_insns() walks); returns how many.
unsigned widen_static_branches();

// The template with its first `jmp %lN` written as a 5-byte jmp; empty
// when it has none or is not a static branch (no __jump_table entry).
std::string widened_template(const std::string &tmpl);

}  // namespace kpatch::plugin
