// SPDX-License-Identifier: GPL-2.0
// Tests for lib/fingerprint/normalize.cc: finding the __LINE__ operand of
// the x86 bug-table asm.
#include <doctest/doctest.h>

#include "kpatch/fp_normalize.h"

using namespace kpatch::fp;

// The template as arch/x86/include/asm/bug.h (6.1, DEBUG_BUGVERBOSE) builds it.
static const char kWarnAsm[] =
    "1:\t.byte 0x0f, 0x0b\n"
    ".pushsection __bug_table,\"aw\"\n"
    "2:\t.long 1b - .\t# bug_entry::bug_addr\n"
    "\t.long %c0 - .\t# bug_entry::file\n"
    "\t.word %c1\t# bug_entry::line\n"
    "\t.word %c2\t# bug_entry::flags\n"
    "\t.org 2b+%c3\n"
    ".popsection\n"
    "3:\t.pushsection .discard.reachable\n";

TEST_CASE("bug table asm: the line operand is found")
{
    CHECK(bug_line_operand(kWarnAsm) == 1u);
}

TEST_CASE("operand number is read whole")
{
    std::string t = kWarnAsm;
    t.replace(t.find("%c1"), 3, "%c12");
    CHECK(bug_line_operand(t) == 12u);
}

TEST_CASE("other asm is left alone")
{
    CHECK_FALSE(bug_line_operand("mov %1, %0").has_value());
    // A line marker without the bug table is not ours to reinterpret.
    CHECK_FALSE(bug_line_operand(".word %c1\t# bug_entry::line").has_value());
    // !DEBUG_BUGVERBOSE: no line in the entry at all.
    CHECK_FALSE(bug_line_operand(".pushsection __bug_table,\"aw\"\n\t.word %c0\t# bug_entry::flags\n")
                    .has_value());
}

TEST_CASE("dynamic debug line numbers are line-number fields, nothing else is")
{
    CHECK(is_line_number_field("_ddebug", "lineno"));
    CHECK_FALSE(is_line_number_field("_ddebug", "flags"));
    CHECK_FALSE(is_line_number_field("bug_entry", "lineno"));
}
