// SPDX-License-Identifier: GPL-2.0
//
// entry_jump.h - may kpatch.ko write a jmp over an original function's
// first bytes?  (KPATCH_FUNC_ENTRY_JUMP, include/kpatch/abi.h.)
//
// A function without an ftrace site (notrace: all of lib/ and
// kernel/trace/ are built so) is redirected by a 5-byte `jmp` written
// over its first instructions.  That is sound only if nothing ever
// executes bytes 1-4 on their own: kpatch.ko's activeness check keeps
// tasks out of the whole function, and this check keeps branches out of
// those bytes.  Checked on the original object, the code the running
// kernel was compiled from: the function decodes as whole instructions,
// and no jump inside it, no code elsewhere in the object (an
// alternative's replacement jumping back, say) and no data (a jump
// table, an exception fixup, a jump label's target) leads into bytes 1-4.
// A special section's key field, which names a site rather than jumping
// to it (the ORC entry after a 1-byte `push`, an alternative's site),
// does not count: kpatch.ko checks the sites the kernel rewrites at run
// time itself (kmod/core/jump.c).
#pragma once

#include <string>

#include "elf/object.h"
#include "insn.h"

namespace kpatch::link {

// Bytes a rel32 jmp takes: what the entry jump covers.
inline constexpr uint64_t kEntryJumpLen = 5;

// Why the first kEntryJumpLen bytes of `fn` (a function of `obj`, whose
// code `code` decodes) cannot take a jmp, as a sentence; "" when they can.
std::string entry_jump_obstacle(const elf::Object &obj, const CodeMap &code,
                                const elf::Symbol &fn);

}  // namespace kpatch::link
