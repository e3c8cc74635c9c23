// SPDX-License-Identifier: GPL-2.0
/*
 * Input of entry-jump.test: global functions without an ftrace entry
 * (all of lib/ is built so).  -DPATCHED changes kpl_scale; with
 * -DCASE_LOOP it changes kpl_spin instead, whose loop jumps back to its
 * byte 1; with -DCASE_NOINSTR, kpl_raw, noinstr code.
 */
#include <linux/kernel.h>

#if defined(PATCHED) && !defined(CASE_LOOP) && !defined(CASE_NOINSTR)
#define SCALE 3
#else
#define SCALE 2
#endif

notrace noinline int kpl_scale(int x, int y)
{
	return x * SCALE + y * 7 - (x ^ y);
}

notrace noinline int kpl_spin(int n)
{
	/* A 1-byte nop, then the loop head: among bytes 1-4 (after a mov). */
	asm volatile("nop\n1:\tdec %0\n\tjnz 1b" : "+r"(n));
#if defined(PATCHED) && defined(CASE_LOOP)
	return n + 1;
#else
	return n;
#endif
}

noinstr int kpl_raw(int x)
{
#if defined(PATCHED) && defined(CASE_NOINSTR)
	return x * 5 + 1;
#else
	return x * 5;
#endif
}
