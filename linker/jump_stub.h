// SPDX-License-Identifier: GPL-2.0
//
// jump_stub.h - a static branch on a module's key, turned into a test of
// the key's enable count.
//
// A jump entry names its key by address, and the kernel links a module's
// jump entries to their keys as the module comes.  A key of another
// module M that is not loaded yet (or not exported) cannot be named then,
// and linking the entry later would mean editing the kernel's private key
// lists.  But the patched code of M can only run once M is live and its
// dynamic relocations are written, so at that point an ordinary
// dynamic relocation can name the key.  The builder drops such an entry
// and rewrites its site into a jump to a stub placed after the function:
//
//     cmpl  $0, KEY(%rip)      ; key->enabled, a dynrela to M's key
//     jg    TARGET             ; jle when the entry's branch bit is set
//     jmp   SITE_END
//
// The kernel jumps to an entry's target when static_key_enabled(key) XOR
// the entry's branch bit (jump_label_type(), kernel/jump_label.c), and
// static_key_enabled() is `enabled > 0` (-1 while a first enable is under
// way counts as off).  The stub computes exactly that, at every pass.
// This file only encodes; builder.cc places stubs and relocations.
#pragma once

#include <cstdint>
#include <vector>

namespace kpatch::link {

struct JumpStub {
    std::vector<uint8_t> bytes;
    // Offsets in bytes of the rel32 fields, and how far each counts from
    // (the end of its instruction) past the field: addend = target - 4 - tail.
    static constexpr uint64_t kKeyField = 2, kKeyTail = 1;  // cmpl $0, disp32(%rip): imm8 after
    static constexpr uint64_t kTargetField = 9;             // jcc rel32
    static constexpr uint64_t kNextField = 14;              // jmp rel32
    static constexpr uint64_t kSize = 18;
};

// branch: the entry's branch bit (jump_entry_is_branch()).
JumpStub make_jump_stub(bool branch);

// The site's new bytes: a jmp of the site's own length (2 or 5) by disp
// (from the end of the site).  Empty when disp does not fit.
std::vector<uint8_t> site_jump(uint64_t site_len, int64_t disp);

}  // namespace kpatch::link
