// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_target.ko - the core module's test target: functions to patch,
 * each observable through /proc.
 *
 *   /proc/kpt_answer    "<kpt_answer()>"                 1 unpatched
 *   /proc/kpt_counters  "a=<kpt_count_a()> b=<kpt_count_b()>"
 *   /proc/kpt_bench     write N: time N calls of kpt_bench_fn() and of
 *                       kpt_bench_ref() (same code, never patched), best
 *                       of KPT_BENCH_ROUNDS alternating rounds each (the
 *                       host is shared: the minimum is the least noisy),
 *                       direct calls and calls through a pointer; read
 *                       "n=N fn_ns=T ref_ns=T ifn_ns=T iref_ns=T"
 *   /proc/kpt_sleep, /proc/kpt_stress: kthreads, see kpt_work.c
 *   /proc/kpt_many, /proc/kpt_stop, /proc/kpt_sleepers: see kpt_window.c
 *   /proc/kpt_late: see kpt_late.c
 *
 * It knows nothing about kpatch; patches decide what changes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include "kpt_target.h"

kpt_patchable int kpt_answer(void)
{
	return 1;
}

kpt_patchable long kpt_bench_fn(long x)
{
	return x + 1;
}

kpt_patchable long kpt_bench_ref(long x)
{
	return x + 1;
}

static int kpt_answer_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", kpt_answer());
	return 0;
}

static int kpt_counters_show(struct seq_file *m, void *v)
{
	unsigned long a = kpt_count_a();

	seq_printf(m, "a=%lu b=%lu\n", a, kpt_count_b());
	return 0;
}

#define KPT_BENCH_ROUNDS 5

static unsigned long kpt_bench_n;
static u64 kpt_bench_fn_ns, kpt_bench_ref_ns, kpt_bench_ifn_ns, kpt_bench_iref_ns;

/*
 * Inlined into kpt_bench_write() with a constant fn, this loop makes direct
 * calls to a function of its own page: the cheapest call there is, so the
 * most demanding reference for a redirection.
 */
static u64 kpt_time_calls(long (*fn)(long), unsigned long n)
{
	u64 t0 = ktime_get_ns();
	long acc = 0;
	unsigned long i;

	for (i = 0; i < n; i++)
		acc = fn(acc);
	if (acc != (long)n)
		pr_err("benchmark function returned %ld after %lu calls\n", acc, n);
	return ktime_get_ns() - t0;
}

/* The same through a function pointer (a retpoline), as file operations call. */
static noinline u64 kpt_time_calls_indirect(long (*fn)(long), unsigned long n)
{
	OPTIMIZER_HIDE_VAR(fn);
	return kpt_time_calls(fn, n);
}

static void kpt_keep_min(u64 *best, u64 t)
{
	if (t < *best)
		*best = t;
}

static ssize_t kpt_bench_write(struct file *f, const char __user *ubuf, size_t len,
			       loff_t *pos)
{
	char buf[24] = {};
	unsigned long n;
	int i;

	if (!len || len >= sizeof(buf) || copy_from_user(buf, ubuf, len))
		return -EINVAL;
	if (kstrtoul(strim(buf), 0, &n) || !n || n > 100000000UL)
		return -EINVAL;
	kpt_bench_ref_ns = U64_MAX;
	kpt_bench_fn_ns = U64_MAX;
	kpt_bench_iref_ns = U64_MAX;
	kpt_bench_ifn_ns = U64_MAX;
	for (i = 0; i < KPT_BENCH_ROUNDS; i++) {
		kpt_keep_min(&kpt_bench_ref_ns, kpt_time_calls(kpt_bench_ref, n));
		kpt_keep_min(&kpt_bench_fn_ns, kpt_time_calls(kpt_bench_fn, n));
		kpt_keep_min(&kpt_bench_iref_ns, kpt_time_calls_indirect(kpt_bench_ref, n));
		kpt_keep_min(&kpt_bench_ifn_ns, kpt_time_calls_indirect(kpt_bench_fn, n));
	}
	kpt_bench_n = n;
	return len;
}

static int kpt_bench_show(struct seq_file *m, void *v)
{
	seq_printf(m, "n=%lu fn_ns=%llu ref_ns=%llu ifn_ns=%llu iref_ns=%llu\n", kpt_bench_n,
		   kpt_bench_fn_ns, kpt_bench_ref_ns, kpt_bench_ifn_ns, kpt_bench_iref_ns);
	return 0;
}

KPT_PROC_RW(kpt_bench);

static void kpt_remove_all(void)
{
	remove_proc_entry("kpt_answer", NULL);
	remove_proc_entry("kpt_counters", NULL);
	remove_proc_entry("kpt_bench", NULL);
}

static int __init kpt_init(void)
{
	int ret;

	if (!proc_create_single("kpt_answer", 0444, NULL, kpt_answer_show) ||
	    !proc_create_single("kpt_counters", 0444, NULL, kpt_counters_show) ||
	    !proc_create("kpt_bench", 0644, NULL, &kpt_bench_ops)) {
		kpt_remove_all();
		return -ENOMEM;
	}
	ret = kpt_work_init();
	if (ret) {
		kpt_remove_all();
		return ret;
	}
	ret = kpt_window_init();
	if (ret)
		goto fail_window;
	ret = kpt_late_init();
	if (ret)
		goto fail_late;
	return 0;
fail_late:
	kpt_window_exit();
fail_window:
	kpt_work_exit();
	kpt_remove_all();
	return ret;
}

static void __exit kpt_exit(void)
{
	kpt_late_exit();
	kpt_window_exit();
	kpt_work_exit();
	kpt_remove_all();
}

module_init(kpt_init);
module_exit(kpt_exit);
MODULE_DESCRIPTION("kpatch core tests: functions to patch, observable in /proc");
MODULE_LICENSE("GPL");
