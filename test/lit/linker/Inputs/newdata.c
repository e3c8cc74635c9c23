// SPDX-License-Identifier: GPL-2.0
/*
 * Input of newdata.test: with -DPATCHED, a new function, a new global, new
 * static locals (in a new and in a changed function) and a new string;
 * references to an unchanged static function and to an existing static
 * local, which must become dynamic relocations with anchors.
 */
#include <linux/kernel.h>

#ifdef PATCHED
#define DELTA 2
#else
#define DELTA 1
#endif

static noinline int kpl_helper1(int x) { return x + 11; }
static noinline int kpl_helper2(int x) { return x + 12; }
static noinline int kpl_helper3(int x) { return x + 13; }

noinline int kpl_keep(int x)
{
	return kpl_helper1(x) + kpl_helper3(x);
}

noinline int kpl_calls_helper(int x)
{
	static int count;

	count++;
	return kpl_helper2(x) + count + DELTA;
}

#ifdef PATCHED
int kpl_new_global = 5;

noinline int kpl_new_fn(int x)
{
	static int seen;

	seen += x;
	return seen + kpl_new_global;
}
#endif

noinline int kpl_user(int x)
{
#ifdef PATCHED
	static int added;

	added++;
	pr_info("kpl_user %d\n", x);
	return kpl_new_fn(x) + added;
#else
	return x;
#endif
}
