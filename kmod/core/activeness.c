// SPDX-License-Identifier: GPL-2.0
/*
 * activeness.c - refuse a switch while a task is inside code it retires.
 *
 * The ranges are the code that stops being the active version of some
 * function (an original being patched, a replacement being removed or
 * superseded).  No task may have an address inside one on its stack.
 *
 * Walking every stack inside stop_machine() makes the window grow with
 * the task count, so stacks are walked beforehand (kp_walk_prepare(),
 * each task pinned by task_call_func() so it cannot run meanwhile) and,
 * inside stop_machine(), only tasks whose context-switch count
 * (nvcsw + nivcsw) moved since, or that are new, are walked again.  A
 * task that has not been switched in since its walk still has the same
 * stack.  Which tasks to look at in the window: those ran.c saw switched
 * out since before the prewalk (the others have not run), plus the busy
 * verdicts of the prewalk; every task only when that record is incomplete.
 * Reliable unwinding (ORC) is used; if the unwinder calls a stack
 * unreliable, the best-effort trace is checked instead.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/bsearch.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "core.h"
#include "activeness.h"
#include "ksym.h"
#include "ran.h"

static bool prewalk = true;
module_param(prewalk, bool, 0644);
MODULE_PARM_DESC(prewalk, "walk stacks before stop_machine (0: all inside, to measure the difference)");

#define KP_TRACE_MAX 64
#define KP_SLACK_TASKS 64
#define KP_NOT_CACHED ULONG_MAX

struct kp_task_rec {
	struct task_struct *task;
	u64 start_time;
	unsigned long switches;	/* KP_NOT_CACHED: walk again inside */
	int busy;		/* index of the range hit, or -1 */
};

struct kp_walk {
	struct kp_range *ranges;	/* sorted by start, disjoint */
	unsigned int nr_ranges;
	struct kp_task_rec *recs;	/* sorted by task pointer */
	unsigned int nr_recs, cap;
	unsigned int *busy;		/* indices of recs walked busy */
	unsigned int nr_busy;
	bool ran;			/* ran.c records since before the prewalk */
	bool partial;			/* the prewalk missed tasks */
	unsigned int tasks, rewalked;
	unsigned long trace[KP_TRACE_MAX];
	unsigned int trace_len;
	struct task_struct *culprit;	/* with a reference, set on -EBUSY */
	int culprit_range;
};

static unsigned long kp_switches(struct task_struct *t)
{
	return READ_ONCE(t->nvcsw) + READ_ONCE(t->nivcsw);
}

static int kp_cmp_range(const void *key, const void *elt)
{
	unsigned long addr = *(const unsigned long *)key;
	const struct kp_range *r = elt;

	if (addr < r->start)
		return -1;
	return addr >= r->end;
}

/* Walk t's stack into w->trace; the index of the first range hit or -1. */
static int kp_walk_task(struct kp_walk *w, struct task_struct *t)
{
	struct kp_range *hit;
	int n, i;

	n = kp_kernel.save_tsk_reliable(t, w->trace, KP_TRACE_MAX);
	if (n < 0)
		n = kp_kernel.save_tsk(t, w->trace, KP_TRACE_MAX, 0);
	w->trace_len = n;
	for (i = 0; i < n; i++) {
		hit = bsearch(&w->trace[i], w->ranges, w->nr_ranges,
			      sizeof(*w->ranges), kp_cmp_range);
		if (hit)
			return hit - w->ranges;
	}
	return -1;
}

/* Runs with t pinned (task_call_func): t cannot start running meanwhile. */
static int kp_prewalk_locked(struct task_struct *t, void *arg)
{
	struct kp_walk *w = arg;
	struct kp_task_rec *rec = &w->recs[w->nr_recs];

	rec->task = t;
	rec->start_time = t->start_time;
	rec->switches = kp_switches(t);
	if (t == current || READ_ONCE(t->on_cpu)) {
		rec->switches = KP_NOT_CACHED;
		rec->busy = -1;
	} else {
		rec->busy = kp_walk_task(w, t);
	}
	w->nr_recs++;
	return 0;
}

static int kp_cmp_rec(const void *a, const void *b)
{
	const struct kp_task_rec *x = a, *y = b;

	return x->task < y->task ? -1 : x->task > y->task;
}

static int kp_cmp_rec_key(const void *key, const void *elt)
{
	const struct kp_task_rec *y = elt;

	return key < (void *)y->task ? -1 : key > (void *)y->task;
}

static int kp_cmp_range_sort(const void *a, const void *b)
{
	const struct kp_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The indices of the recs the prewalk found busy; false on -ENOMEM. */
static bool kp_note_busy(struct kp_walk *w)
{
	unsigned int i;

	w->busy = kvcalloc(w->nr_recs ?: 1, sizeof(*w->busy), GFP_KERNEL);
	if (!w->busy)
		return false;
	for (i = 0; i < w->nr_recs; i++)
		if (w->recs[i].busy >= 0)
			w->busy[w->nr_busy++] = i;
	return true;
}

static void kp_prewalk(struct kp_walk *w)
{
	struct task_struct *g, *t;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		unsigned long before;

		if (w->nr_recs == w->cap) {
			w->partial = true;	/* the rest are walked inside stop_machine */
			break;
		}
		before = kp_switches(t);
		kp_kernel.task_call_func(t, kp_prewalk_locked, w);
		if (kp_switches(t) != before)
			w->recs[w->nr_recs - 1].switches = KP_NOT_CACHED;
	}
	rcu_read_unlock();
	sort(w->recs, w->nr_recs, sizeof(*w->recs), kp_cmp_rec, NULL);
}

struct kp_walk *kp_walk_prepare(struct kp_range *ranges, unsigned int nr)
{
	struct task_struct *g, *t;
	struct kp_walk *w;
	unsigned int count = 0;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return NULL;
	sort(ranges, nr, sizeof(*ranges), kp_cmp_range_sort, NULL);
	w->ranges = ranges;
	w->nr_ranges = nr;
	w->culprit_range = -1;
	if (!nr || !READ_ONCE(prewalk))
		return w;

	rcu_read_lock();
	for_each_process_thread(g, t)
		count++;
	rcu_read_unlock();
	w->cap = count + KP_SLACK_TASKS;
	w->recs = kvcalloc(w->cap, sizeof(*w->recs), GFP_KERNEL);
	if (!w->recs)
		goto fail;
	/* Before the prewalk: a task that runs after its walk must be noted. */
	w->ran = !kp_ran_start();
	kp_prewalk(w);
	if (!kp_note_busy(w))
		goto fail;
	return w;
fail:
	kp_walk_free(w);
	return NULL;
}

/* The prewalk's record of t, or NULL. */
static struct kp_task_rec *kp_rec_of(struct kp_walk *w, struct task_struct *t)
{
	return bsearch(t, w->recs, w->nr_recs, sizeof(struct kp_task_rec), kp_cmp_rec_key);
}

/* t's verdict: the prewalk's while t has not run since, else a new walk. */
static int kp_check_task(struct kp_walk *w, struct task_struct *t)
{
	struct kp_task_rec *rec = kp_rec_of(w, t);

	w->tasks++;
	if (rec && rec->switches != KP_NOT_CACHED &&
	    rec->start_time == t->start_time && rec->switches == kp_switches(t))
		return rec->busy;
	w->rewalked++;
	if (!rec)
		return kp_walk_task(w, t);
	/* Nothing runs in the window: the new verdict holds for the rest of it. */
	rec->start_time = t->start_time;
	rec->switches = kp_switches(t);
	rec->busy = kp_walk_task(w, t);
	return rec->busy;
}

static int kp_busy(struct kp_walk *w, struct task_struct *t, int busy)
{
	/* Walk again for the report: a cached verdict has no trace. */
	kp_walk_task(w, t);
	get_task_struct(t);
	w->culprit = t;
	w->culprit_range = busy;
	return -EBUSY;
}

/* The stoppers, this CPU's included: they run none of it. */
static bool kp_stopper(struct task_struct *t)
{
	return t == current || READ_ONCE(t->on_cpu);
}

/* Every task: when ran.c's record is missing or incomplete. */
static int kp_walk_all(struct kp_walk *w)
{
	struct task_struct *g, *t;
	int busy;

	for_each_process_thread(g, t) {
		if (kp_stopper(t))
			continue;
		busy = kp_check_task(w, t);
		if (busy >= 0)
			return kp_busy(w, t, busy);
	}
	return 0;
}

/*
 * The tasks that ran since before the prewalk, then the prewalk's busy
 * verdicts: a task behind one has not run since (else it was checked
 * again above), so it has not exited either and is still inside.
 */
static int kp_walk_ran(struct kp_walk *w)
{
	struct task_struct *t;
	struct kp_task_rec *rec;
	unsigned int cursor = 0, i;
	int busy;

	while ((t = kp_ran_next(&cursor))) {
		if (kp_stopper(t))
			continue;
		busy = kp_check_task(w, t);
		if (busy >= 0)
			return kp_busy(w, t, busy);
	}
	for (i = 0; i < w->nr_busy; i++) {
		rec = &w->recs[w->busy[i]];
		if (rec->busy >= 0)
			return kp_busy(w, rec->task, rec->busy);
	}
	return 0;
}

/* Inside stop_machine(): nothing runs but the stoppers. */
int kp_walk_in_stop(struct kp_walk *w)
{
	if (!w->nr_ranges)
		return 0;
	if (w->ran && !w->partial && kp_ran_complete())
		return kp_walk_ran(w);
	return kp_walk_all(w);
}

void kp_walk_report(struct kp_walk *w, struct kp_patch *patch)
{
	const struct kp_range *r;
	unsigned int i;

	if (!w->culprit)
		return;
	r = &w->ranges[w->culprit_range];
	pr_err("%s: activeness check failed: task %s (pid %d) is inside %s%s (%s); -EBUSY, try again later\n",
	       patch->mod->name, w->culprit->comm, task_pid_nr(w->culprit),
	       r->replacement ? "the replacement of " : "", r->name, r->obj);
	pr_err("stack of %s (pid %d):\n", w->culprit->comm, task_pid_nr(w->culprit));
	for (i = 0; i < w->trace_len; i++)
		pr_err("  %pS\n", (void *)w->trace[i]);
}

unsigned int kp_walk_rewalked(const struct kp_walk *w)
{
	return w->rewalked;
}

unsigned int kp_walk_tasks(const struct kp_walk *w)
{
	return w->tasks;
}

void kp_walk_free(struct kp_walk *w)
{
	if (!w)
		return;
	if (w->ran)
		kp_ran_stop();
	if (w->culprit)
		put_task_struct(w->culprit);
	kvfree(w->busy);
	kvfree(w->recs);
	kfree(w);
}
