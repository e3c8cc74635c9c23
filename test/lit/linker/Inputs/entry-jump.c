// SPDX-License-Identifier: GPL-2.0
/*
 * Input of entry-jump.test: functions without an ftrace entry (all of
 * lib/ is built so).  -DPATCHED changes kpl_scale, a global; with
 * -DCASE_STATIC it changes kpl_op instead, a static one an ops table
 * points to; with -DCASE_LOOP kpl_spin, whose loop jumps back into its
 * first bytes; with -DCASE_NOINSTR kpl_raw, noinstr code.
 */
#include <linux/kernel.h>

#if defined(PATCHED) && !defined(CASE_STATIC) && !defined(CASE_LOOP) && !defined(CASE_NOINSTR)
#define SCALE 3
#else
#define SCALE 2
#endif

notrace noinline int kpl_scale(int x, int y)
{
	return x * SCALE + y * 7 - (x ^ y);
}

static notrace noinline int kpl_op(int x, int y)
{
#if defined(PATCHED) && defined(CASE_STATIC)
	return x * 11 + y * 5 - (x | y);
#else
	return x * 13 + y * 5 - (x | y);
#endif
}

struct kpl_ops {
	int (*op)(int, int);
};
const struct kpl_ops kpl_ops = { .op = kpl_op };

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
