// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_late.c - a task that enters kpt_wait_here() after the core's prewalk.
 *
 * The activeness check walks stacks before stop_machine() and, inside it,
 * looks again only at tasks that ran since (kmod/core/ran.c).  This task
 * is outside kpt_wait_here() when the stacks are walked and inside it when
 * the window opens: the check must still find it.
 *
 *   /proc/kpt_late  write 1: start the kthread kpt_late, bound to CPU 1,
 *                   waiting outside, and a kprobe on kpatch.ko's
 *                   kp_jump_plan(), which every switch calls between the
 *                   prewalk and stop_machine(); the first hit wakes the
 *                   thread and spins (up to 2 s) until it runs on its
 *                   way into kpt_wait_here() (the switch must run on
 *                   another CPU: taskset -c 0).  Write 0: stop both.
 *                   Read: "hits=<1 if it ran during the spin> pid=<pid>".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/wait.h>
#include "kpt_target.h"

#define KPT_LATE_CPU 1
#define KPT_LATE_SPIN_MS 2000

static DECLARE_WAIT_QUEUE_HEAD(kpt_late_wq);
static struct task_struct *kpt_late;
static bool kpt_late_go, kpt_late_in, kpt_late_armed;
static int kpt_late_hits;

static int kpt_late_fn(void *unused)
{
	wait_event_interruptible(kpt_late_wq, READ_ONCE(kpt_late_go) || kthread_should_stop());
	WRITE_ONCE(kpt_late_in, true);
	/* kthread_stop() wakes it: kpt_wait_here() checks kthread_should_stop(). */
	while (!kthread_should_stop())
		kpt_wait_here();
	return 0;
}

/*
 * Running past the flag: Debian's kernel preempts voluntarily
 * (PREEMPT_DYNAMIC, voluntary by default), so the first point where it
 * can leave the CPU from there is the might_sleep() of the wait inside
 * kpt_wait_here(), then the wait itself.
 */
static bool kpt_late_entering(void)
{
	return READ_ONCE(kpt_late_in);
}

static int kpt_late_probe(struct kprobe *p, struct pt_regs *regs)
{
	u64 end;

	if (!kpt_late || !xchg(&kpt_late_armed, false))
		return 0;
	WRITE_ONCE(kpt_late_go, true);
	wake_up(&kpt_late_wq);
	end = ktime_get_ns() + KPT_LATE_SPIN_MS * NSEC_PER_MSEC;
	while (!kpt_late_entering() && ktime_get_ns() < end)
		cpu_relax();
	if (kpt_late_entering())
		kpt_late_hits++;
	return 0;
}

static struct kprobe kpt_late_kp = {
	.symbol_name = "kp_jump_plan",
	.pre_handler = kpt_late_probe,
};
static bool kpt_late_kp_on;

static void kpt_late_stop(void)
{
	if (kpt_late_kp_on)
		unregister_kprobe(&kpt_late_kp);
	kpt_late_kp_on = false;
	if (kpt_late)
		kthread_stop(kpt_late);
	kpt_late = NULL;
}

static int kpt_late_start(void)
{
	struct task_struct *t;
	int ret;

	kpt_late_stop();
	if (!cpu_online(KPT_LATE_CPU))
		return -ENODEV;
	WRITE_ONCE(kpt_late_go, false);
	WRITE_ONCE(kpt_late_in, false);
	kpt_late_hits = 0;
	t = kthread_create(kpt_late_fn, NULL, "kpt_late");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, KPT_LATE_CPU);
	kpt_late = t;
	wake_up_process(t);
	kpt_late_kp.addr = NULL;
	kpt_late_kp.flags = 0;
	ret = register_kprobe(&kpt_late_kp);
	if (ret) {
		pr_err("no kprobe on kp_jump_plan (is kpatch.ko loaded?): %d\n", ret);
		kpt_late_stop();
		return ret;
	}
	kpt_late_kp_on = true;
	WRITE_ONCE(kpt_late_armed, true);
	return 0;
}

static ssize_t kpt_late_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	return kpt_switch_write(ubuf, len, kpt_late_start, kpt_late_stop);
}

static int kpt_late_show(struct seq_file *m, void *v)
{
	seq_printf(m, "hits=%d pid=%d\n", kpt_late_hits, kpt_late ? task_pid_nr(kpt_late) : 0);
	return 0;
}

KPT_PROC_RW(kpt_late);

int kpt_late_init(void)
{
	return proc_create("kpt_late", 0644, NULL, &kpt_late_ops) ? 0 : -ENOMEM;
}

void kpt_late_exit(void)
{
	remove_proc_entry("kpt_late", NULL);
	kpt_late_stop();
}
