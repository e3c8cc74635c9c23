// SPDX-License-Identifier: GPL-2.0
//
// Tests of linker/jump_stub.cc: the stub that tests a module's static key,
// byte for byte, and the site's jump to it.
#include <doctest/doctest.h>

#include "jump_stub.h"

using namespace kpatch::link;

TEST_SUITE("link.jump_stub")
{
    TEST_CASE("the stub: cmpl $0 against the key, jg or jle by the branch bit, jmp back")
    {
        JumpStub off = make_jump_stub(false), on = make_jump_stub(true);
        REQUIRE(off.bytes.size() == JumpStub::kSize);
        // cmpl $0x0, disp32(%rip): 83 /7 with ModRM 0x3d, the immediate last.
        CHECK(off.bytes[0] == 0x83);
        CHECK(off.bytes[1] == 0x3d);
        CHECK(off.bytes[JumpStub::kKeyField + 4] == 0x00);
        CHECK(JumpStub::kKeyField + 4 + JumpStub::kKeyTail == 7);
        // Branch bit 0 jumps while the key is enabled (count > 0), bit 1 while not.
        CHECK(off.bytes[7] == 0x0f);
        CHECK(off.bytes[8] == 0x8f);  // jg
        CHECK(on.bytes[8] == 0x8e);   // jle
        CHECK(JumpStub::kTargetField == 9);
        CHECK(off.bytes[13] == 0xe9);
        CHECK(JumpStub::kNextField == 14);
        CHECK(JumpStub::kNextField + 4 == JumpStub::kSize);
    }

    TEST_CASE("the site keeps its length: jmp8 for 2 bytes, jmp32 for 5")
    {
        CHECK(site_jump(2, 0x10) == std::vector<uint8_t>{0xeb, 0x10});
        CHECK(site_jump(2, -2) == std::vector<uint8_t>{0xeb, 0xfe});
        CHECK(site_jump(2, 127).size() == 2);
        CHECK(site_jump(2, 128).empty());
        CHECK(site_jump(5, 0x1234) == std::vector<uint8_t>{0xe9, 0x34, 0x12, 0x00, 0x00});
        CHECK(site_jump(5, 0x80000000LL).empty());
    }
}
