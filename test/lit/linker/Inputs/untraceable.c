// SPDX-License-Identifier: GPL-2.0
/*
 * Input of untraceable.test: kpl_inner has no ftrace entry (like 6.1's
 * out-of-line __do_sys_X, `inline` being notrace); -DPATCHED changes it.
 * Its callers are replaced instead; -DCASE_PTR also stores its address,
 * a caller the patch cannot replace.
 */
#include <linux/kernel.h>

#ifdef PATCHED
#define FACTOR 3
#else
#define FACTOR 2
#endif

static notrace noinline int kpl_inner(int x)
{
	return x * FACTOR;
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
