// SPDX-License-Identifier: GPL-2.0
/*
 * redirect.c - send calls of original functions to their replacements.
 *
 * One ftrace_ops with IPMODIFY covers every patched function.  Its
 * handler looks the traced ip up in the live map, an immutable sorted
 * array of (original, replacement) pairs, and sets the return ip.  A
 * transition builds a whole new map and publishes it with one pointer
 * store inside stop_machine(), so every caller (NMIs included) sees
 * either the complete old or the complete new set of redirections.  The
 * old map is freed after stop_machine() returns: a handler runs with
 * preemption disabled, so none can still hold it once every CPU has run
 * the stopper (an NMI that interrupted the stopper ends before it).
 *
 * ftrace filter ips are added before the switch (the handler ignores ips
 * not in the map yet) and removed only when no registered patch needs
 * them any more (see kp_armed below).  The ops stays registered from
 * kpatch.ko's init to its exit, its filter never empty (an empty filter
 * would trace everything): it always holds kp_parking(), a function that
 * never runs.  Unregistering a dynamic ops waits for an RCU-tasks grace
 * period, which a CPU-bound kthread can hold off indefinitely; a patch or
 * unpatch must not depend on that.
 *
 * Most sites do not use the handler at all: those that qualify take the
 * jump route (jump.c) and are armed here only during a transition that
 * changes them (kp_ftrace_bridge()); the others take ftrace
 * direct calls (direct.c), whose routes route.c manages; the map still
 * decides where each call goes.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/bsearch.h>
#include <linux/ftrace.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "core.h"
#include "direct.h"
#include "redirect.h"
#include "jump.h"

static struct kp_map __rcu *kp_live_map;

static const struct kp_map_entry *notrace kp_lookup(const struct kp_map *map,
						    unsigned long ip)
{
	unsigned int lo = 0, hi = map->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (map->e[mid].old_addr == ip)
			return &map->e[mid];
		if (map->e[mid].old_addr < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void notrace kp_ftrace_handler(unsigned long ip, unsigned long parent_ip,
				      struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	const struct kp_map_entry *e;
	const struct kp_map *map;
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (WARN_ON_ONCE(bit < 0))
		return;
	/* Pairs with rcu_assign_pointer() in kp_map_publish(). */
	map = rcu_dereference_sched(kp_live_map);
	if (map) {
		e = kp_lookup(map, ip);
		if (e)
			ftrace_instruction_pointer_set(fregs, e->new_addr);
	}
	ftrace_test_recursion_unlock(bit);
}

static struct ftrace_ops kp_ops = {
	.func = kp_ftrace_handler,
	.flags = FTRACE_OPS_FL_IPMODIFY |
#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
		 FTRACE_OPS_FL_SAVE_REGS |
#endif
		 FTRACE_OPS_FL_DYNAMIC,
};

const struct kp_map_entry *kp_map_find(const struct kp_map *map, unsigned long ip)
{
	return map ? kp_lookup(map, ip) : NULL;
}

struct kp_map *kp_map_current(void)
{
	return rcu_dereference_protected(kp_live_map, lockdep_is_held(&kp_mutex));
}

static int kp_cmp_entry(const void *a, const void *b)
{
	const struct kp_map_entry *x = a, *y = b;

	return x->old_addr < y->old_addr ? -1 : x->old_addr > y->old_addr;
}

/*
 * The map the wanted state asks for: every function of every object with
 * want set, the latest registered patch winning when several patch the
 * same function.
 */
struct kp_map *kp_map_build(void)
{
	struct kp_object *obj;
	struct kp_patch *patch;
	struct kp_map *map;
	unsigned int n = 0, i, j, k;

	list_for_each_entry(patch, &kp_patches, node)
		list_for_each_entry(obj, &patch->objects, node)
			n += obj->want ? obj->nr_funcs : 0;
	map = kvzalloc(struct_size(map, e, n), GFP_KERNEL);
	if (!map)
		return NULL;
	list_for_each_entry(patch, &kp_patches, node) {
		list_for_each_entry(obj, &patch->objects, node) {
			if (!obj->want)
				continue;
			for (i = 0; i < obj->nr_funcs; i++)
				map->e[map->nr++] = (struct kp_map_entry){
					.old_addr = obj->funcs[i]->old_addr,
					.new_addr = obj->funcs[i]->new_addr,
					.func = obj->funcs[i],
				};
		}
	}
	sort(map->e, map->nr, sizeof(map->e[0]), kp_cmp_entry, NULL);
	for (i = 0, k = 0; i < map->nr; i = j) {
		struct kp_map_entry best = map->e[i];

		for (j = i + 1; j < map->nr && map->e[j].old_addr == best.old_addr; j++)
			if (map->e[j].func->obj->patch->seq > best.func->obj->patch->seq)
				best = map->e[j];
		map->e[k++] = best;
	}
	map->nr = k;
	return map;
}

static int kp_filter(unsigned long ip, int remove)
{
	return ftrace_set_filter_ip(&kp_ops, ip, remove, 0);
}

/*
 * Armed ips: in the ops filter, so their call sites call the handler.  An
 * ip stays armed while a registered patch has it in a loaded object, even
 * when no map entry redirects it (patch disabled): enabling and disabling
 * then only switch maps, and never rewrite call sites under running code.
 * Sorted, for kp_armed_find().
 */
static struct kp_armed *kp_armed;
static unsigned int kp_nr_armed, kp_cap_armed;

static int kp_cmp_armed(const void *key, const void *elt)
{
	unsigned long a = *(const unsigned long *)key;
	const struct kp_armed *b = elt;

	return a < b->ip ? -1 : a > b->ip;
}

struct kp_armed *kp_armed_find(unsigned long ip)
{
	return bsearch(&ip, kp_armed, kp_nr_armed, sizeof(*kp_armed), kp_cmp_armed);
}

unsigned int kp_armed_count(void)
{
	return kp_nr_armed;
}

struct kp_armed *kp_armed_at(unsigned int i)
{
	return &kp_armed[i];
}

static int kp_arm(unsigned long ip)
{
	unsigned int i;
	int tramp, ret;

	if (kp_nr_armed == kp_cap_armed) {
		unsigned int cap = kp_cap_armed ? 2 * kp_cap_armed : 64;
		struct kp_armed *n = krealloc_array(kp_armed, cap, sizeof(*n), GFP_KERNEL);

		if (!n)
			return -ENOMEM;
		kp_armed = n;
		kp_cap_armed = cap;
	}
	tramp = kp_direct_bind(ip);
	if (tramp < 0) {
		ret = kp_filter(ip, 0);
		if (ret)
			return ret;
	}
	for (i = kp_nr_armed; i > 0 && kp_armed[i - 1].ip > ip; i--)
		kp_armed[i] = kp_armed[i - 1];
	kp_armed[i] = (struct kp_armed){ .ip = ip, .tramp = tramp };
	kp_nr_armed++;
	return 0;
}

static void kp_disarm(const struct kp_armed *a)
{
	if (a->tramp >= 0)
		kp_direct_unbind(a->ip, a->tramp, a->entry);
	else
		WARN_ON(kp_filter(a->ip, 1));
}

/*
 * Arm a jump site (jump.c) for one transition: its calls then follow the
 * live map through ftrace, which the window switches, so the site's
 * bytes can change outside the window.  now: the replacement its jmp
 * enters before the window (0: none), which the armed route must take
 * from the start; want: the one after.
 */
int kp_ftrace_bridge(unsigned long ip, unsigned long now, unsigned long want)
{
	struct kp_armed *a;
	int ret;

	if (kp_armed_find(ip))
		return -EEXIST;
	ret = kp_arm(ip);
	if (ret)
		return ret;
	a = kp_armed_find(ip);
	a->bridge = true;
	/* The handler reads the live map, which says now until the window. */
	if (a->tramp < 0)
		return 0;
	/* Selector 0 passes calls on to the jmp: now either way until set. */
	ret = now ? kp_direct_prepare(a->tramp, now) : 0;
	if (!ret) {
		kp_direct_set(a->tramp, now);
		ret = want ? kp_direct_prepare(a->tramp, want) : 0;
	}
	if (ret)
		kp_ftrace_unbridge(ip);
	return ret;
}

/* Disarm a bridge once its jump site holds its final bytes again. */
void kp_ftrace_unbridge(unsigned long ip)
{
	struct kp_armed *a = kp_armed_find(ip);
	unsigned int i;

	if (WARN_ON(!a || !a->bridge))
		return;
	kp_disarm(a);
	for (i = a - kp_armed; i + 1 < kp_nr_armed; i++)
		kp_armed[i] = kp_armed[i + 1];
	kp_nr_armed--;
}

/* Does a registered patch have ip in a loaded object? */
static bool kp_ip_wanted(unsigned long ip)
{
	struct kp_patch *patch;
	struct kp_object *obj;
	unsigned int i;

	list_for_each_entry(patch, &kp_patches, node)
		list_for_each_entry(obj, &patch->objects, node)
			for (i = 0; obj->loaded && i < obj->nr_funcs; i++)
				if (obj->funcs[i]->old_addr == ip)
					return true;
	return false;
}

static bool kp_ip_needed(unsigned long ip)
{
	return kp_map_find(kp_map_current(), ip) || kp_ip_wanted(ip);
}

/*
 * Disarm what no map entry and no loaded object of a registered patch
 * needs; jump sites (jump.c) likewise.
 */
void kp_ftrace_disarm_unused(void)
{
	unsigned int i, k = 0;

	for (i = 0; i < kp_nr_armed; i++) {
		/* A bridge goes with its jump site, or once settled (jump.c). */
		if (kp_armed[i].bridge || kp_ip_needed(kp_armed[i].ip))
			kp_armed[k++] = kp_armed[i];
		else
			kp_disarm(&kp_armed[i]);
	}
	kp_nr_armed = k;
	kp_jump_forget_unused(kp_ip_needed, kp_ftrace_unbridge);
}

int kp_ftrace_prepare(const struct kp_map *new)
{
	unsigned int i;
	int ret;

	for (i = 0; i < new->nr; i++) {
		unsigned long ip = new->e[i].old_addr;
		struct kp_armed *a = kp_armed_find(ip);

		/* A site keeps its route while a patch needs it: armed, or jump. */
		if (!a && kp_jump_claim(new->e[i].func))
			continue;
		/* No ftrace site: the jmp was the only way (kp_jump_claim said why). */
		if (new->e[i].func->entry_jump)
			return -EBUSY;
		ret = a ? 0 : kp_arm(ip);
		a = a ?: kp_armed_find(ip);
		if (!ret && a && a->tramp >= 0)
			ret = kp_direct_prepare(a->tramp, new->e[i].new_addr);
		if (ret) {
			pr_err("%s: cannot trace %s (%s) at %pS: ftrace error %d (notrace, or claimed by another IPMODIFY user such as livepatch?)\n",
			       new->e[i].func->obj->patch->mod->name, new->e[i].func->name,
			       new->e[i].func->obj->name, (void *)ip, ret);
			return ret;
		}
	}
	return 0;
}

/* Called inside stop_machine(): the one store that switches everything. */
void kp_map_publish(struct kp_map *map)
{
	const struct kp_map_entry *e;
	unsigned int i;

	/* Pairs with rcu_dereference_sched() in kp_ftrace_handler(). */
	rcu_assign_pointer(kp_live_map, map);
	for (i = 0; i < kp_nr_armed; i++) {
		if (kp_armed[i].tramp < 0)
			continue;
		e = kp_map_find(map, kp_armed[i].ip);
		kp_direct_set(kp_armed[i].tramp, e ? e->new_addr : 0);
	}
}

/* The ip that keeps the filter non-empty.  Never called. */
static noinline void kp_parking(void)
{
	barrier();
}

int kp_ftrace_init(void)
{
	int ret = kp_filter((unsigned long)kp_parking, 0);

	if (ret) {
		pr_err("cannot trace kp_parking: ftrace error %d\n", ret);
		return ret;
	}
	ret = register_ftrace_function(&kp_ops);
	if (ret) {
		pr_err("cannot register the ftrace handler: %d\n", ret);
		kp_filter((unsigned long)kp_parking, 1);
	}
	return ret;
}

void kp_ftrace_exit(void)
{
	WARN_ON(unregister_ftrace_function(&kp_ops));
	ftrace_free_filter(&kp_ops);
	kfree(kp_armed);
	/* No patch is left (each holds a reference on kpatch.ko): the map is empty. */
	kvfree(rcu_dereference_protected(kp_live_map, true));
}
