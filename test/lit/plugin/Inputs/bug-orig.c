// SPDX-License-Identifier: GPL-2.0
// WARN_ON() as x86 builds it (arch/x86/include/asm/bug.h, 6.1 with
// CONFIG_DEBUG_BUGVERBOSE): the line number is an "i" operand of the asm
// that writes the __bug_table entry.
struct bug_entry {
	int bug_addr_disp;
	int file_disp;
	unsigned short line;
	unsigned short flags;
};

#define _BUG_FLAGS(ins, flags, extra)					\
do {									\
	asm volatile("1:\t" ins "\n"					\
		     ".pushsection __bug_table,\"aw\"\n"		\
		     "2:\t.long 1b - .\t# bug_entry::bug_addr\n"	\
		     "\t.long %c0 - .\t# bug_entry::file\n"		\
		     "\t.word %c1"        "\t# bug_entry::line\n"	\
		     "\t.word %c2"        "\t# bug_entry::flags\n"	\
		     "\t.org 2b+%c3\n"					\
		     ".popsection\n"					\
		     extra						\
		     : : "i" (__FILE__), "i" (__LINE__),		\
			 "i" (flags),					\
			 "i" (sizeof(struct bug_entry)));		\
} while (0)

#define BUGFLAG_WARNING (1 << 0)
#define __WARN_FLAGS(flags) _BUG_FLAGS(".byte 0x0f, 0x0b", BUGFLAG_WARNING | (flags), "")
#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (__builtin_expect(__ret_warn_on, 0))				\
		__WARN_FLAGS(0);					\
	__builtin_expect(__ret_warn_on, 0);				\
})

int checked_div(int a, int b)
{
	if (WARN_ON(b == 0))
		return 0;
	return a / b;
}

int checked_sub(int a, int b)
{
	WARN_ON(a < b);
	return a - b;
}
