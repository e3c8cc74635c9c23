// SPDX-License-Identifier: GPL-2.0
/*
 * Input of pcrel-bias.test: pr_warn_once() flags are one-byte variables
 * packed into .data.once, referenced as `.data.once + addend` from code.
 * With -DPATCHED, kpl_changed gets a flag of its own, which GCC places
 * right after the later function's: `cmpb $0, flag(%rip)` has an
 * immediate after its field, so only decoding the instruction tells which
 * of the two it tests.
 */
#include <linux/kernel.h>
#include <linux/printk.h>

noinline int kpl_changed(int x)
{
#ifdef PATCHED
	if (x > 200)
		pr_warn_once("kpl_changed %d\n", x);
#endif
	return x + 1;
}

noinline int kpl_old_warn(int x)
{
	if (x > 100)
		pr_warn_once("kpl_old_warn %d\n", x);
	return x;
}
