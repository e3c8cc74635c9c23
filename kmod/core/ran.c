// SPDX-License-Identifier: GPL-2.0
/*
 * ran.c - the tasks that ran since kp_ran_start().
 *
 * The activeness check walks every stack before stop_machine(); inside
 * the window it must look again only at the tasks whose stacks may have
 * changed since, those that ran.  Every such task has been switched out
 * since (in the window each CPU runs its stopper), so a probe on
 * sched_switch that notes each outgoing task names them all, and the
 * window no longer visits every task: that visit cost ~1.5 us a task
 * under TCG (1.5 ms with 1,000 sleeping tasks, beside a bare
 * stop_machine() of 35-75 us; bench/stop-window).
 *
 * Each noted task is held (get_task_struct) until kp_ran_stop(), so the
 * window may look at one that exited meanwhile.  Idle tasks are not
 * noted (the check has never walked them).  A CPU notes at most
 * KP_RAN_MAX tasks; past that the record is incomplete and the caller
 * visits every task, as before.
 *
 * The probe stays registered while kpatch.ko is loaded and does nothing
 * between transitions but read a NULL pointer (tracepoints call a single
 * probe directly).  Registering it for each transition instead flips
 * sched_switch's static branch in __schedule() twice a transition: two
 * text_poke_bp() rounds, and under TCG a livelock of both vCPUs on the
 * int3 in __schedule() while threads switch in tight loops (core-stress).
 *
 * Publishing and retracting the record waits for every CPU to be past
 * any probe call that may still see the old pointer.  The probe runs in
 * __schedule() with interrupts off, so an IPI to every CPU, waited for,
 * is that wait (kp_ran_quiesce()).  synchronize_rcu() was: two grace
 * periods a transition, one right before stop_machine(), left the RCU
 * machinery busy on the other CPUs, whose stoppers then started late:
 * under TCG, back-to-back transitions' windows were 2.5-11 ms, 56-280 us
 * without it (bench/stop-window).
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/smp.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include "ran.h"

#define KP_RAN_MAX 512

struct kp_ran_cpu {
	struct task_struct *last;	/* noted last on this CPU */
	unsigned int nr;
	bool full;
	struct task_struct *task[KP_RAN_MAX];
};

static struct kp_ran_cpu *kp_ran;	/* one per possible CPU while recording */
static struct tracepoint *kp_sched_switch;
static bool kp_ran_probe_on;

/* The sched_switch probe: scheduler context, interrupts off, rq locked. */
static void kp_ran_note(void *data, bool preempt, struct task_struct *prev,
			struct task_struct *next, unsigned int prev_state)
{
	struct kp_ran_cpu *all = READ_ONCE(kp_ran), *c;

	if (!all)
		return;
	c = &all[smp_processor_id()];
	if (prev == c->last || is_idle_task(prev))
		return;
	c->last = prev;
	if (c->nr == KP_RAN_MAX) {
		c->full = true;
		return;
	}
	get_task_struct(prev);
	c->task[c->nr++] = prev;
}

static void kp_find_sched_switch(struct tracepoint *tp, void *unused)
{
	if (!strcmp(tp->name, "sched_switch"))
		kp_sched_switch = tp;
}

/* At load; without the probe every transition visits every task. */
void kp_ran_init(void)
{
	int ret = -ENOENT;

	for_each_kernel_tracepoint(kp_find_sched_switch, NULL);
	if (kp_sched_switch)
		ret = tracepoint_probe_register(kp_sched_switch, kp_ran_note, NULL);
	kp_ran_probe_on = !ret;
	if (ret)
		pr_warn("no probe on sched_switch (%d): every patch switch visits every task\n", ret);
}

void kp_ran_exit(void)
{
	if (!kp_ran_probe_on)
		return;
	tracepoint_probe_unregister(kp_sched_switch, kp_ran_note, NULL);
	tracepoint_synchronize_unregister();
	kp_ran_probe_on = false;
}

static void kp_ran_nop(void *unused)
{
}

/*
 * Once this returns, no CPU is inside a probe call that began before it:
 * each has taken the IPI, which it cannot while in __schedule()'s
 * interrupts-off section, where sched_switch's probes run.
 */
static void kp_ran_quiesce(void)
{
	on_each_cpu(kp_ran_nop, NULL, 1);
}

/* Start noting; 0, or the check must visit every task. */
int kp_ran_start(void)
{
	struct kp_ran_cpu *all;

	if (!kp_ran_probe_on)
		return -ENOENT;
	all = kvcalloc(nr_cpu_ids, sizeof(*all), GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	smp_store_release(&kp_ran, all);
	/* A switch that read NULL before this is over once it returns. */
	kp_ran_quiesce();
	return 0;
}

void kp_ran_stop(void)
{
	struct kp_ran_cpu *all = kp_ran;
	unsigned int cpu, i;

	if (!all)
		return;
	WRITE_ONCE(kp_ran, NULL);
	/* No CPU is inside the probe with the old pointer after this. */
	kp_ran_quiesce();
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		for (i = 0; i < all[cpu].nr; i++)
			put_task_struct(all[cpu].task[i]);
	kvfree(all);
}

/* Did every CPU note every task it switched out? */
bool kp_ran_complete(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (READ_ONCE(kp_ran[cpu].full))
			return false;
	return true;
}

/*
 * The next noted task from *cursor (0 to start), or NULL.  Inside
 * stop_machine() only: no CPU notes anything meanwhile.
 */
struct task_struct *kp_ran_next(unsigned int *cursor)
{
	unsigned int cpu = *cursor / KP_RAN_MAX, i = *cursor % KP_RAN_MAX;

	for (; cpu < nr_cpu_ids; cpu++, i = 0)
		if (i < kp_ran[cpu].nr) {
			*cursor = cpu * KP_RAN_MAX + i + 1;
			return kp_ran[cpu].task[i];
		}
	*cursor = cpu * KP_RAN_MAX;
	return NULL;
}
