// SPDX-License-Identifier: GPL-2.0
/*
 * Input of untraceable.test: kpl_inner has no ftrace entry (like 6.1's
 * out-of-line __do_sys_X, `inline` being notrace) and a loop whose head
 * lies in its first 5 bytes, so no jmp at its entry can redirect it;
 * -DPATCHED changes it.  Its callers are replaced instead; -DCASE_PTR
 * also stores its address, a caller the patch cannot replace.
 */
#include <linux/kernel.h>

#ifdef PATCHED
#define FACTOR 3
#else
#define FACTOR 2
#endif

static notrace noinline int kpl_inner(int x)
{
	int n = x;

	asm volatile("nop\n1:\tdec %0\n\tjnz 1b" : "+r"(n));
	return x * FACTOR + n;
}

noinline int kpl_outer_a(int x)
{
	return kpl_inner(x) + 1;
}

noinline int kpl_outer_b(int x)
{
	return kpl_inner(x + 1) + 2;
}

noinline int kpl_bystander(int x)
{
	return x - 1;
}

#ifdef CASE_PTR
int (*kpl_hook)(int) = kpl_inner;
#endif
