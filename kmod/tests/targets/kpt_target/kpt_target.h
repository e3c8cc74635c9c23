/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpt_target.h - the functions kpt_target.ko offers for patching.
 *
 * They are noipa: callers must really call them (no inlining, cloning,
 * or pure/const assumptions), as callers of kernel functions do.
 */
#ifndef KPT_TARGET_H
#define KPT_TARGET_H

#define kpt_patchable __attribute__((noipa))

int kpt_answer(void);			/* 1; the patched versions return others */
unsigned long kpt_count_a(void);	/* ++counter of kpt_a.c */
unsigned long kpt_count_b(void);	/* ++counter of kpt_b.c */
long kpt_calc(long x);			/* 2 * x; the stress patch makes it 3 * x */
long kpt_bench_fn(long x);		/* x + 1, the call the benchmark times */
void kpt_wait_here(void);		/* where the sleeper kthread sleeps */

/*
 * KPT_PROC_RW(name): name##_ops, the proc_ops of a control file read
 * through name##_show() (one seq_file record) and written through
 * name##_write().
 */
#define KPT_PROC_RW(name)						\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name##_show, NULL);			\
}									\
static const struct proc_ops name##_ops = {				\
	.proc_open = name##_open,					\
	.proc_read = seq_read,						\
	.proc_write = name##_write,					\
	.proc_release = single_release,					\
}

ssize_t kpt_switch_write(const char __user *ubuf, size_t len, int (*start)(void),
			 void (*stop)(void));
int kpt_work_init(void);
void kpt_work_exit(void);
int kpt_window_init(void);	/* kpt_many_*, bare stop_machine, sleepers */
void kpt_window_exit(void);
int kpt_late_init(void);	/* a task entering kpt_wait_here() late */
void kpt_late_exit(void);

#endif
