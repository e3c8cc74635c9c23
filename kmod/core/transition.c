// SPDX-License-Identifier: GPL-2.0
/*
 * transition.c - move the live map from the applied to the wanted state.
 *
 * Callers set kp_object.want on the objects that change; one transition
 * then switches all of them at once inside stop_machine(), whatever the
 * mix (patch, unpatch, atomic replace, a module coming or going).  Order:
 * build the new map, arm ftrace at the new ips, walk stacks, stop the
 * machine (re-walk the tasks that ran, publish the map, rewrite the
 * jump sites that are not bridged), then disarm the ips nothing needs any
 * more.  On failure every want falls back to applied and nothing has
 * changed.
 *
 * Jump sites (jump.c) that change are bridged through ftrace where they
 * can be, so their bytes change around the window, not in it.  When a
 * site must change inside it, the callback runs on every CPU: one
 * switches, the others wait for each step of the int3 protocol and
 * serialise their instruction stream (kp_sync_cpus); otherwise it runs on
 * one CPU, as stop_machine() does by default.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <asm/sync_core.h>
#include "core.h"
#include "activeness.h"
#include "redirect.h"
#include "route.h"
#include "transition.h"
#include "jump.h"

struct kp_switch {
	struct kp_map *new;
	struct kp_walk *walk;
	u64 window_ns[2];	/* ktime before and after stop_machine() */
	u64 enter_ns, leave_ns;	/* ktime at the callback's start and end */
	bool all_cpus;		/* the callback runs on every online CPU */
	unsigned int followers;	/* CPUs that only serialise: all but one, or 0 */
	atomic_t arrived;	/* the first CPU in switches */
	atomic_t acks;		/* followers' sync_core()s, cumulated */
	int gen;		/* sync rounds asked for */
	int done;		/* the switching CPU has finished */
};

/* Serialise every CPU's instruction stream; returns once all did. */
static void kp_sync_cpus(void *data)
{
	struct kp_switch *s = data;
	int gen = s->gen + 1;

	sync_core();
	WRITE_ONCE(s->gen, gen);
	while (atomic_read(&s->acks) != gen * s->followers)
		cpu_relax();
}

/* A CPU that does not switch: sync_core() at each round until done. */
static int kp_follow(struct kp_switch *s)
{
	int seen = 0, gen;

	/* Pairs with smp_store_release() at the end of kp_switch_cb(). */
	while (!smp_load_acquire(&s->done)) {
		gen = READ_ONCE(s->gen);
		if (gen != seen) {
			sync_core();
			seen = gen;
			atomic_inc(&s->acks);
		}
		cpu_relax();
	}
	return 0;
}

static int kp_switch_cb(void *data)
{
	struct kp_switch *s = data;
	int ret;

	if (atomic_inc_return(&s->arrived) != 1)
		return kp_follow(s);
	/* Before any round: followers ack only once gen moves. */
	s->followers = s->all_cpus ? num_online_cpus() - 1 : 0;
	/* ktime, not local_clock(): sched_clock may tick by jiffies under TCG. */
	s->enter_ns = ktime_get_ns();

	ret = kp_walk_in_stop(s->walk);
	if (!ret) {
		kp_map_publish(s->new);
		kp_jump_switch(kp_sync_cpus, s);
	}
	s->leave_ns = ktime_get_ns();
	smp_store_release(&s->done, 1);
	return ret;
}

/*
 * The window: jump sites change around it (their locks held); on every
 * CPU when some change inside it, else on one.
 */
static int kp_stop_machine(struct kp_switch *s, int jumps, unsigned int inside)
{
	int ret;

	if (jumps) {
		s->all_cpus = inside > 0;
		return kp_jump_stop_machine(kp_switch_cb, s, s->all_cpus, s->window_ns);
	}
	s->window_ns[0] = ktime_get_ns();
	ret = stop_machine(kp_switch_cb, s, NULL);
	s->window_ns[1] = ktime_get_ns();
	return ret;
}

static bool kp_skip_check(const struct kp_map_entry *o, const struct kp_map_entry *n)
{
	return (o && (o->func->force || o->func->obj->going)) ||
	       (n && (n->func->force || n->func->obj->going));
}

/* The code each changing function stops running: old version != new one. */
static unsigned int kp_outgoing(const struct kp_map *old, const struct kp_map *new,
				struct kp_range *r)
{
	unsigned int i, n = 0;
	const struct kp_map_entry *o, *e;

	for (i = 0; old && i < old->nr; i++) {
		o = &old->e[i];
		e = kp_map_find(new, o->old_addr);
		if ((e && e->new_addr == o->new_addr) || kp_skip_check(o, e))
			continue;
		r[n++] = (struct kp_range){
			.start = o->func->entry ?: o->new_addr,
			.end = o->new_addr + o->func->new_size,
			.name = o->func->name, .obj = o->func->obj->name, .replacement = true,
		};
	}
	for (i = 0; i < new->nr; i++) {
		e = &new->e[i];
		if (kp_map_find(old, e->old_addr) || kp_skip_check(NULL, e))
			continue;
		r[n++] = (struct kp_range){
			.start = e->old_addr, .end = e->old_addr + e->func->old_size,
			.name = e->func->name, .obj = e->func->obj->name,
		};
	}
	return n;
}

static void kp_settle(bool committed)
{
	struct kp_patch *patch;
	struct kp_object *obj;

	list_for_each_entry(patch, &kp_patches, node)
		list_for_each_entry(obj, &patch->objects, node) {
			if (committed)
				obj->applied = obj->want;
			else
				obj->want = obj->applied;
		}
}

/* Pin the patch module of every force-unsafe function now in the map. */
static void kp_pin_forced(const struct kp_map *map)
{
	unsigned int i;

	for (i = 0; i < map->nr; i++) {
		struct kp_patch *p = map->e[i].func->obj->patch;

		if (map->e[i].func->force && !p->pinned) {
			__module_get(p->mod);
			p->pinned = true;
			pr_notice("%s: force-unsafe function %s applied: the module is pinned\n",
				  p->mod->name, map->e[i].func->name);
		}
	}
}

int kp_transition(struct kp_patch *patch, const char *what)
{
	struct kp_map *old = kp_map_current(), *new;
	struct kp_switch s = {};
	struct kp_range *ranges = NULL;
	u64 t0, t1, window;
	int ret = -ENOMEM, jumps;
	unsigned int inside = 0;

	new = kp_map_build();
	if (!new)
		goto fail;
	ranges = kvcalloc((old ? old->nr : 0) + new->nr + 1, sizeof(*ranges), GFP_KERNEL);
	if (!ranges)
		goto fail;
	s.new = new;
	s.walk = kp_walk_prepare(ranges, kp_outgoing(old, new, ranges));
	if (!s.walk)
		goto fail;
	/* Sites on entry stubs go back to the trampolines the switch flips. */
	ret = kp_leave_stubs(new) ?: kp_ftrace_prepare(new);
	if (ret)
		goto fail;
	jumps = kp_jump_plan(new);
	ret = jumps < 0 ? jumps : kp_jump_check_reach();
	if (ret)
		goto fail;
	if (jumps)
		inside = kp_jump_bridge(kp_ftrace_bridge);

	ret = kp_stop_machine(&s, jumps, inside);
	t0 = s.window_ns[0];
	t1 = s.window_ns[1];
	window = t1 - t0;

	patch->last_window_ns = window;
	patch->last_callback_ns = s.leave_ns - s.enter_ns;
	if (ret) {
		if (ret == -EBUSY)
			kp_walk_report(s.walk, patch);
		else
			pr_err("%s: %s: the switch failed: %d\n", patch->mod->name, what, ret);
		goto fail;
	}
	pr_info("%s: %s: stop_machine %llu ns (enter %llu, callback %llu, leave %llu; %u tasks checked, %u walked inside; %d jump sites changed, %u inside)\n",
		patch->mod->name, what, window, s.enter_ns - t0, s.leave_ns - s.enter_ns,
		t1 - s.leave_ns, kp_walk_tasks(s.walk), kp_walk_rewalked(s.walk), jumps, inside);
	kp_pin_forced(new);
	kp_settle(true);
	kvfree(old);
	kp_ftrace_disarm_unused();
	kp_settle_later();
	kp_walk_free(s.walk);
	kvfree(ranges);
	return 0;
fail:
	kp_settle(false);
	kp_ftrace_disarm_unused();
	kp_settle_later();
	kp_walk_free(s.walk);
	kvfree(ranges);
	kvfree(new);
	return ret;
}
