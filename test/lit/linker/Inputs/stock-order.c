// SPDX-License-Identifier: GPL-2.0
/*
 * Input of stock-order.test, shaped like fs/drop_caches.c: a zero-initialized
 * static local (quiet) next to zero-initialized globals.  The kernel's build
 * makes quiet a local common that gas places after the globals' explicit
 * .bss; -fdata-sections gives it a section of its own, placed first.  With
 * -DPATCHED, kpl_changed newly reads kpl_counter, a static its original
 * does not refer to, so only anchors can find it; and it newly calls
 * kpl_helper, whose neighbour kpl_weak another object may override.
 */
#include <linux/kernel.h>

int kpl_first;
static int kpl_counter;
int kpl_last;

noinline int kpl_noisy(int x)
{
	static int quiet;

	if (!quiet++)
		kpl_counter += x;
	return kpl_first + kpl_last;
}

static noinline int kpl_helper(int x)
{
	return x * 3 + kpl_first;
}

__weak noinline int kpl_weak(int x)
{
	return x;
}

noinline int kpl_user(int x)
{
	return kpl_helper(x) + kpl_weak(x);
}

noinline int kpl_changed(int x)
{
#ifdef PATCHED
	return x + kpl_counter + kpl_helper(x);
#else
	return x;
#endif
}
