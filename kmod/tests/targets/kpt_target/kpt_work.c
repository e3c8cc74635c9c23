// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_work.c - kthreads that sit in or hammer patchable functions.
 *
 * The sleeper sleeps inside kpt_wait_here() until told to stop: the
 * activeness check must see it.  The stress threads, one bound to each
 * online CPU, call kpt_calc(i) in a tight loop and count results that
 * are the old (2i), the new (3i) or neither (a bug).  They sleep ~30 us
 * every 1024 calls, as kernel threads do; a thread that never sleeps
 * holds off RCU-tasks grace periods, which the core does not wait for
 * (redirect.c) but ftrace's own code may.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include "kpt_target.h"

static DECLARE_WAIT_QUEUE_HEAD(kpt_wq);
static bool kpt_wake;
static struct task_struct *kpt_sleeper;

kpt_patchable void kpt_wait_here(void)
{
	wait_event_interruptible(kpt_wq, READ_ONCE(kpt_wake) || kthread_should_stop());
}

static int kpt_sleeper_fn(void *unused)
{
	while (!kthread_should_stop()) {
		kpt_wait_here();
		if (READ_ONCE(kpt_wake))
			break;
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

kpt_patchable long kpt_calc(long x)
{
	return 2 * x;
}

static struct task_struct *kpt_stressers[NR_CPUS];
static atomic_long_t kpt_calls, kpt_old, kpt_new, kpt_newb, kpt_bad;

static int kpt_stress_fn(void *unused)
{
	long i = 1;

	while (!kthread_should_stop()) {
		long r = kpt_calc(i);

		atomic_long_inc(&kpt_calls);
		if (r == 2 * i)
			atomic_long_inc(&kpt_old);
		else if (r == 3 * i)
			atomic_long_inc(&kpt_new);
		else if (r == 4 * i)
			atomic_long_inc(&kpt_newb);
		else
			atomic_long_inc(&kpt_bad);
		i = i % 100000 + 1;
		if (!(i & 1023))
			usleep_range(20, 40);
	}
	return 0;
}

static void kpt_stress_stop(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		if (kpt_stressers[cpu])
			kthread_stop(kpt_stressers[cpu]);
		kpt_stressers[cpu] = NULL;
	}
}

static int kpt_stress_start(void)
{
	int cpu;

	kpt_stress_stop();
	atomic_long_set(&kpt_calls, 0);
	atomic_long_set(&kpt_old, 0);
	atomic_long_set(&kpt_new, 0);
	atomic_long_set(&kpt_newb, 0);
	atomic_long_set(&kpt_bad, 0);
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_create_on_cpu(kpt_stress_fn, NULL, cpu,
							      "kpt_stress/%u");

		if (IS_ERR(t)) {
			kpt_stress_stop();
			return PTR_ERR(t);
		}
		kpt_stressers[cpu] = t;
		wake_up_process(t);
	}
	return 0;
}

static void kpt_sleeper_stop(void)
{
	if (!kpt_sleeper)
		return;
	WRITE_ONCE(kpt_wake, true);
	wake_up(&kpt_wq);
	kthread_stop(kpt_sleeper);
	kpt_sleeper = NULL;
}

static int kpt_sleeper_start(void)
{
	if (kpt_sleeper)
		return 0;
	WRITE_ONCE(kpt_wake, false);
	kpt_sleeper = kthread_run(kpt_sleeper_fn, NULL, "kpt_sleeper");
	if (IS_ERR(kpt_sleeper)) {
		int ret = PTR_ERR(kpt_sleeper);

		kpt_sleeper = NULL;
		return ret;
	}
	return 0;
}

/* A write of "1" or "0" to a control file: start() or stop(). */
ssize_t kpt_switch_write(const char __user *ubuf, size_t len, int (*start)(void),
			 void (*stop)(void))
{
	char buf[8] = {};
	bool on;
	int ret;

	if (!len || len >= sizeof(buf) || copy_from_user(buf, ubuf, len))
		return -EINVAL;
	ret = kstrtobool(buf, &on);
	if (ret)
		return ret;
	if (on)
		ret = start();
	else
		stop();
	return ret ?: len;
}

static ssize_t kpt_sleep_write(struct file *f, const char __user *ubuf, size_t len,
			       loff_t *pos)
{
	return kpt_switch_write(ubuf, len, kpt_sleeper_start, kpt_sleeper_stop);
}

static int kpt_sleep_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", kpt_sleeper ? task_pid_nr(kpt_sleeper) : 0);
	return 0;
}

KPT_PROC_RW(kpt_sleep);

static ssize_t kpt_stress_write(struct file *f, const char __user *ubuf, size_t len,
				loff_t *pos)
{
	return kpt_switch_write(ubuf, len, kpt_stress_start, kpt_stress_stop);
}

static int kpt_stress_show(struct seq_file *m, void *v)
{
	seq_printf(m, "calls=%ld old=%ld new=%ld newb=%ld bad=%ld\n", atomic_long_read(&kpt_calls),
		   atomic_long_read(&kpt_old), atomic_long_read(&kpt_new),
		   atomic_long_read(&kpt_newb), atomic_long_read(&kpt_bad));
	return 0;
}

KPT_PROC_RW(kpt_stress);

int kpt_work_init(void)
{
	if (!proc_create("kpt_sleep", 0644, NULL, &kpt_sleep_ops))
		return -ENOMEM;
	if (!proc_create("kpt_stress", 0644, NULL, &kpt_stress_ops)) {
		remove_proc_entry("kpt_sleep", NULL);
		return -ENOMEM;
	}
	return 0;
}

void kpt_work_exit(void)
{
	remove_proc_entry("kpt_stress", NULL);
	remove_proc_entry("kpt_sleep", NULL);
	kpt_stress_stop();
	kpt_sleeper_stop();
}
