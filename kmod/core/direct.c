// SPDX-License-Identifier: GPL-2.0
/*
 * direct.c - the direct-call fast path: a patched function's fentry site
 * calls a trampoline (tramp.S) through register_ftrace_direct() rather
 * than the ftrace handler, so a redirected call costs a call, a load, a
 * test and a jump.  The redirection itself still comes from the live map:
 * inside stop_machine(), right after the map is published, each bound
 * trampoline's slot gets its function's replacement or 0.  (An NMI that
 * interrupts that loop can see some slots switched and others not; each
 * call is still wholly old or wholly new.)
 *
 * A function whose site cannot take a direct call (another direct user,
 * livepatch, KP_NR_TRAMPS exhausted, direct=0) stays with the handler.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/ftrace.h>
#include "core.h"

#define KP_NR_TRAMPS 256	/* as in tramp.S */

u64 kp_direct_slot[KP_NR_TRAMPS];
extern const unsigned long kp_tramps[KP_NR_TRAMPS];
static DECLARE_BITMAP(kp_tramp_used, KP_NR_TRAMPS);

static bool direct = true;
module_param(direct, bool, 0644);
MODULE_PARM_DESC(direct, "redirect newly patched functions with direct calls (fast path)");

/* Bind ip to a free trampoline: its index, or -1 (use the handler). */
int kp_direct_bind(unsigned long ip)
{
	unsigned int i;
	int ret;

	if (!READ_ONCE(direct))
		return -1;
	i = find_first_zero_bit(kp_tramp_used, KP_NR_TRAMPS);
	if (i == KP_NR_TRAMPS)
		return -1;
	WRITE_ONCE(kp_direct_slot[i], 0);
	ret = register_ftrace_direct(ip, kp_tramps[i]);
	if (ret) {
		pr_info("direct call refused at %pS (%d); using the ftrace handler\n",
			(void *)ip, ret);
		return -1;
	}
	__set_bit(i, kp_tramp_used);
	return i;
}

void kp_direct_unbind(unsigned long ip, int i)
{
	WARN_ON(unregister_ftrace_direct(ip, kp_tramps[i]));
	__clear_bit(i, kp_tramp_used);
}

/* Inside stop_machine(), after the map is published. */
void kp_direct_set(int i, unsigned long target)
{
	WRITE_ONCE(kp_direct_slot[i], target);
}
