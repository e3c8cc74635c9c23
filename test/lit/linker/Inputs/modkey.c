// SPDX-License-Identifier: GPL-2.0
/*
 * Input of modkey.test: a unit of a module (linked with --object kpl_mod)
 * whose patched functions test the module's own static keys, unlikely and
 * likely, and call an export of another module (kpl_dep, per the test's
 * Module.symvers).  -DPATCHED changes the functions' bodies only.
 */
#include <linux/kernel.h>
#include <linux/jump_label.h>

DEFINE_STATIC_KEY_FALSE(kpl_off_key);
DEFINE_STATIC_KEY_TRUE(kpl_on_key);
int kpl_dep_answer(int x);

#ifdef PATCHED
#define DELTA 2
#else
#define DELTA 1
#endif

noinline int kpl_unlikely(int x)
{
	if (static_branch_unlikely(&kpl_off_key))
		return x * 3 + DELTA;
	return x;
}

noinline int kpl_likely(int x)
{
	if (static_branch_likely(&kpl_on_key))
		return x - DELTA;
	return x * 5;
}

noinline int kpl_calls_dep(int x)
{
	return kpl_dep_answer(x) + DELTA;
}
