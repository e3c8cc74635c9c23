// SPDX-License-Identifier: GPL-2.0
/*
 * Input of refuse.test: one translation unit, one -DCASE_* per thing a
 * live patch cannot do.  Without -DPATCHED every case compiles to the
 * original; with it, only the named case differs.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/jump_label.h>

#ifdef PATCHED
#define CHANGED(c) defined(c)
#else
#define CHANGED(c) 0
#endif

#if defined(PATCHED) && defined(CASE_DATA)
int kpl_limit = 2;
#else
int kpl_limit = 1;
#endif

#if defined(PATCHED) && defined(CASE_SIZE)
int kpl_table[3];
#else
int kpl_table[2];
#endif

noinline int kpl_use_data(void)
{
	return kpl_limit + kpl_table[1];
}

int __init kpl_setup(void)
{
#if defined(PATCHED) && defined(CASE_INIT)
	return kpl_limit + 1;
#else
	return kpl_limit;
#endif
}

#if defined(PATCHED) && defined(CASE_PERCPU)
DEFINE_PER_CPU(int, kpl_hits);
#endif

DEFINE_STATIC_KEY_FALSE(kpl_key);

noinline int kpl_branchy(int x)
{
#if defined(PATCHED) && defined(CASE_PERCPU)
	this_cpu_inc(kpl_hits);
#endif
#if defined(PATCHED) && defined(CASE_JUMP)
	if (static_branch_unlikely(&kpl_key))
		return x + 1;
#endif
	return x;
}

/* The static local survives only when a caller passes on != 0. */
static noinline void kpl_count(int on)
{
	static int hits;

	if (on)
		hits++;
}

noinline void kpl_caller(void)
{
#if defined(PATCHED) && defined(CASE_ORPHAN)
	kpl_count(1);
#else
	kpl_count(0);
#endif
}
