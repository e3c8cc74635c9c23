// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_window.c - what bench/stop-window measures against.
 *
 *   kpt_many_0() .. kpt_many_99(): 100 small functions, x + i, that
 *       kpp_window1/10/100 patch (1, 10, 100 of them) to x + i + 1000
 *   /proc/kpt_many       r   the sum of kpt_many_i(0) over all i
 *   /proc/kpt_stop       w N: N bare stop_machine() calls of an empty
 *                        callback; r: "best_ns=B median_ns=M" of the last N
 *   /proc/kpt_sleepers   w N: N extra kthreads, each sleeping until told
 *                        to stop (N=0 stops them); r: how many run
 */
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/uaccess.h>
#include "kpt_target.h"

#define KPT_MANY(i) kpt_patchable long kpt_many_##i(long x) { return x + i; }
#define KPT_MANY10(t) KPT_MANY(t##0) KPT_MANY(t##1) KPT_MANY(t##2) KPT_MANY(t##3) \
	KPT_MANY(t##4) KPT_MANY(t##5) KPT_MANY(t##6) KPT_MANY(t##7) KPT_MANY(t##8) KPT_MANY(t##9)
KPT_MANY(0) KPT_MANY(1) KPT_MANY(2) KPT_MANY(3) KPT_MANY(4)
KPT_MANY(5) KPT_MANY(6) KPT_MANY(7) KPT_MANY(8) KPT_MANY(9)
KPT_MANY10(1) KPT_MANY10(2) KPT_MANY10(3) KPT_MANY10(4) KPT_MANY10(5)
KPT_MANY10(6) KPT_MANY10(7) KPT_MANY10(8) KPT_MANY10(9)

#define P(i) kpt_many_##i,
#define P10(t) P(t##0) P(t##1) P(t##2) P(t##3) P(t##4) P(t##5) P(t##6) P(t##7) P(t##8) P(t##9)
static long (*const kpt_many[])(long) = {
	P(0) P(1) P(2) P(3) P(4) P(5) P(6) P(7) P(8) P(9)
	P10(1) P10(2) P10(3) P10(4) P10(5) P10(6) P10(7) P10(8) P10(9)
};

static int kpt_many_show(struct seq_file *m, void *v)
{
	long sum = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kpt_many); i++)
		sum += kpt_many[i](0);
	seq_printf(m, "%ld\n", sum);
	return 0;
}

/* ---- bare stop_machine() ---- */

static u64 kpt_stop_best, kpt_stop_median;

static int kpt_stop_empty(void *unused)
{
	return 0;
}

static int kpt_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static ssize_t kpt_stop_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	unsigned int n, i;
	u64 *t;
	int ret = kstrtouint_from_user(buf, len, 0, &n);

	if (ret)
		return ret;
	if (!n || n > 10000)
		return -EINVAL;
	t = kcalloc(n, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		u64 t0 = ktime_get_ns();

		stop_machine(kpt_stop_empty, NULL, NULL);
		t[i] = ktime_get_ns() - t0;
	}
	sort(t, n, sizeof(*t), kpt_cmp_u64, NULL);
	kpt_stop_best = t[0];
	kpt_stop_median = t[n / 2];
	kfree(t);
	return len;
}

static int kpt_stop_show(struct seq_file *m, void *v)
{
	seq_printf(m, "best_ns=%llu median_ns=%llu\n", kpt_stop_best, kpt_stop_median);
	return 0;
}

KPT_PROC_RW(kpt_stop);

/* ---- extra sleeping tasks ---- */

static struct task_struct **kpt_sleepers;
static unsigned int kpt_nr_sleepers;

static int kpt_sleeper_fn(void *unused)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(60 * HZ);
	return 0;
}

static void kpt_sleepers_stop(void)
{
	while (kpt_nr_sleepers)
		kthread_stop(kpt_sleepers[--kpt_nr_sleepers]);
	kvfree(kpt_sleepers);
	kpt_sleepers = NULL;
}

static ssize_t kpt_sleepers_write(struct file *file, const char __user *buf, size_t len,
				  loff_t *pos)
{
	unsigned int n;
	int ret = kstrtouint_from_user(buf, len, 0, &n);

	if (ret)
		return ret;
	kpt_sleepers_stop();
	if (!n)
		return len;
	kpt_sleepers = kvcalloc(n, sizeof(*kpt_sleepers), GFP_KERNEL);
	if (!kpt_sleepers)
		return -ENOMEM;
	while (kpt_nr_sleepers < n) {
		struct task_struct *t = kthread_run(kpt_sleeper_fn, NULL, "kpt_idle/%u",
						    kpt_nr_sleepers);

		if (IS_ERR(t)) {
			kpt_sleepers_stop();
			return PTR_ERR(t);
		}
		kpt_sleepers[kpt_nr_sleepers++] = t;
	}
	return len;
}

static int kpt_sleepers_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u\n", kpt_nr_sleepers);
	return 0;
}

KPT_PROC_RW(kpt_sleepers);

static void kpt_window_remove(void)
{
	remove_proc_entry("kpt_many", NULL);
	remove_proc_entry("kpt_stop", NULL);
	remove_proc_entry("kpt_sleepers", NULL);
}

int kpt_window_init(void)
{
	if (!proc_create_single("kpt_many", 0444, NULL, kpt_many_show) ||
	    !proc_create("kpt_stop", 0644, NULL, &kpt_stop_ops) ||
	    !proc_create("kpt_sleepers", 0644, NULL, &kpt_sleepers_ops)) {
		kpt_window_remove();
		return -ENOMEM;
	}
	return 0;
}

void kpt_window_exit(void)
{
	kpt_window_remove();
	kpt_sleepers_stop();
}
