// SPDX-License-Identifier: GPL-2.0
/*
 * Input of special.test: two functions using the same constructs, each of
 * which puts an entry into one special section.  -DPATCHED changes only
 * kpl_changed(), so the patch must carry exactly kpl_changed()'s entries.
 */
#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <linux/jump_label.h>
#include <linux/sched/smt.h>
#include <linux/irqflags.h>
#include <linux/atomic.h>
#include <linux/sched.h>
#include <linux/nospec.h>

#ifdef PATCHED
#define DELTA 2
#else
#define DELTA 1
#endif

atomic_t kpl_counter;
int (*kpl_hook)(int);

#define BODY(delta)							\
	int v = 0;							\
	unsigned long flags;						\
	WARN_ON(atomic_read(&kpl_counter) == 42);	/* __bug_table */	\
	__get_kernel_nofault(&v, p, int, fault);	/* __ex_table */	\
	if (static_branch_unlikely(&sched_smt_present))	/* __jump_table */ \
		v++;							\
	barrier_nospec();				/* .altinstructions */	\
	local_irq_save(flags);				/* .parainstructions */	\
	atomic_inc(&kpl_counter);			/* .smp_locks */	\
	local_irq_restore(flags);					\
	cond_resched();					/* .static_call_sites */ \
	if (kpl_hook)							\
		v += kpl_hook(v);			/* .retpoline_sites */	\
	return v + (delta);				/* .return_sites */	\
fault:									\
	return -EFAULT;

noinline int kpl_changed(int *p)
{
	BODY(DELTA)
}

noinline int kpl_same(int *p)
{
	BODY(1)
}
