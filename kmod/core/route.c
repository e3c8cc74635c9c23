// SPDX-License-Identifier: GPL-2.0
/*
 * route.c - which way calls of an original reach its replacement.
 *
 * A function that qualifies takes the jump route (jump.c: a jmp after
 * the fentry site; the default, being the only route that keeps returns
 * balanced).  A transition bridges the jump sites it changes through
 * ftrace (route "bridge"), so that their bytes change outside the
 * window; settle_ms after the last transition the bridges go and the
 * jmps carry the calls again.  Otherwise its site is
 * armed in ftrace (redirect.c).  An armed site (redirect.c) that takes direct calls has two routes: its
 * trampoline in kpatch.ko (direct.c), whose selector a transition flips
 * inside stop_machine(), and the entry stub in front of the replacement
 * (KPATCH_FUNC_ENTRY_PAD, include/kpatch/abi.h), one call cheaper than an
 * unpatched call plus the stub.  Before a transition every site whose
 * redirection may change goes back to its trampoline; settle_ms after
 * the last transition the sites whose live replacement has a stub move to
 * it.  Both moves go through modify_ftrace_direct() and keep each call's
 * result, since the trampoline's selector still picks the replacement
 * the stub enters.  All under kp_mutex.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/ktime.h>
#include <linux/workqueue.h>
#include "core.h"
#include "direct.h"
#include "redirect.h"
#include "route.h"
#include "jump.h"

/* What calls of the original reach f through; under kp_mutex. */
const char *kp_route(const struct kp_func *f)
{
	const struct kp_map_entry *e = kp_map_find(kp_map_current(), f->old_addr);
	const struct kp_armed *a;

	if (!e || e->func != f)
		return "none";
	a = kp_armed_find(f->old_addr);
	if (a && a->bridge)
		return "bridge";
	if (kp_jump_routed(f->old_addr))
		return "jump";
	if (!a || a->tramp < 0)
		return "handler";
	return a->entry ? "stub" : "trampoline";
}

/*
 * Before a transition: every site on an entry stub whose redirection may
 * change goes back to its trampoline, the route the switch flips.
 */
int kp_leave_stubs(const struct kp_map *new)
{
	const struct kp_map_entry *e;
	unsigned int i;
	int ret;

	for (i = 0; i < kp_armed_count(); i++) {
		struct kp_armed *a = kp_armed_at(i);

		if (!a->entry)
			continue;
		e = kp_map_find(new, a->ip);
		if (e && e->func->entry == a->entry)
			continue;
		ret = kp_direct_move(a->ip, a->entry, kp_direct_tramp(a->tramp));
		if (ret)
			return ret;
		a->entry = 0;
	}
	return 0;
}

/*
 * Once the patch state has been stable for settle_ms: every site on a
 * trampoline whose live redirection has an entry stub calls the stub.
 * Returns how many moved.  A site that cannot move stays on its
 * trampoline, which is as correct.
 */
static unsigned int kp_enter_stubs(void)
{
	const struct kp_map *live = kp_map_current();
	const struct kp_map_entry *e;
	unsigned int i, moved = 0;

	for (i = 0; i < kp_armed_count(); i++) {
		struct kp_armed *a = kp_armed_at(i);

		if (a->tramp < 0 || a->entry || a->bridge)
			continue;
		e = kp_map_find(live, a->ip);
		if (!e || !e->func->entry ||
		    kp_direct_move(a->ip, kp_direct_tramp(a->tramp), e->func->entry))
			continue;
		a->entry = e->func->entry;
		moved++;
	}
	return moved;
}

/*
 * Why wait: each move rewrites the site twice through ftrace
 * (modify_ftrace_direct(); arming and disarming a bridge likewise); a
 * patch toggled in a loop would pay that on every transition for nothing.  And under TCG, ftrace rewriting a site
 * that another vCPU runs in a tight loop can livelock that vCPU (seen
 * with the plain function tracer too: a stale int3 translation that the
 * kprobe handler keeps retrying), so the VM stress test must not rewrite
 * its hot site on every cycle.
 */
static unsigned int settle_ms = 1000;
module_param(settle_ms, uint, 0644);
MODULE_PARM_DESC(settle_ms, "move patched sites to the replacement's entry stub, and bridged jump sites back to their jmp, after this many ms without a transition");

static void kp_settle_fn(struct work_struct *work)
{
	unsigned int moved, jumped;
	u64 t0 = ktime_get_ns();

	mutex_lock(&kp_mutex);
	jumped = kp_jump_unbridge(kp_ftrace_unbridge);
	moved = kp_enter_stubs();
	mutex_unlock(&kp_mutex);
	if (moved || jumped)
		pr_info("%u patched call site(s) now call their replacement's entry stub, %u take their jmp (%llu us)\n",
			moved, jumped, (ktime_get_ns() - t0) / 1000);
}
static DECLARE_DELAYED_WORK(kp_settle_work, kp_settle_fn);

void kp_settle_later(void)
{
	mod_delayed_work(system_wq, &kp_settle_work, msecs_to_jiffies(READ_ONCE(settle_ms)));
}

void kp_settle_cancel(void)
{
	cancel_delayed_work_sync(&kp_settle_work);
}
