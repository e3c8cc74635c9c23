// SPDX-License-Identifier: GPL-2.0
//
// jump_stub.cc - the bytes of a static-branch stub and of its site
// (jump_stub.h).  Relocated fields are left zero.
#include "jump_stub.h"

namespace kpatch::link {

JumpStub make_jump_stub(bool branch)
{
    constexpr uint8_t kJg = 0x8f, kJle = 0x8e;
    return {{
        0x83, 0x3d, 0, 0, 0, 0, 0x00,     // cmpl $0x0, key(%rip)
        0x0f, branch ? kJle : kJg, 0, 0, 0, 0,  // jg/jle target
        0xe9, 0, 0, 0, 0,                 // jmp to the end of the site
    }};
}

std::vector<uint8_t> site_jump(uint64_t site_len, int64_t disp)
{
    if (site_len == 2) {
        if (disp < -128 || disp > 127)
            return {};
        return {0xeb, static_cast<uint8_t>(disp)};
    }
    if (disp < INT32_MIN || disp > INT32_MAX)
        return {};
    auto d = static_cast<uint32_t>(disp);
    return {0xe9, static_cast<uint8_t>(d), static_cast<uint8_t>(d >> 8),
            static_cast<uint8_t>(d >> 16), static_cast<uint8_t>(d >> 24)};
}

}  // namespace kpatch::link
