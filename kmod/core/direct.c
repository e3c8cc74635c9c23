// SPDX-License-Identifier: GPL-2.0
/*
 * direct.c - the direct-call path, for functions that cannot take the
 * jump route (jump.c): a patched function's fentry site calls a
 * trampoline (tramp.S) through register_ftrace_direct() rather than the
 * ftrace handler, so a redirected call costs a call, a compare and two
 * direct jumps (and, on hardware, mispredicted returns: jump.c).
 *
 * The redirection still comes from the live map.  Before a transition,
 * kp_direct_prepare() writes each new target into the trampoline's jump
 * that is not selected (text_poke() under text_mutex; nothing executes
 * that jump: only the selected one is taken); inside stop_machine(),
 * right after the map is published, kp_direct_set() flips each selector
 * (a byte store).  An NMI that interrupts that loop can see some
 * functions switched and others not; each call is still wholly old or
 * wholly new.  A task preempted between reading a selector and jumping
 * (only possible with full preemption) could take a jump rewritten since;
 * kpatch's activeness check does not see it, as it does not see tasks
 * preempted in the ftrace handler.
 *
 * A function whose site cannot take a direct call (another direct user,
 * livepatch, KP_NR_TRAMPS exhausted, direct=0) stays with the handler.
 *
 * The trampoline is the transition route.  Between transitions a site
 * whose replacement has an entry pad (KPATCH_FUNC_ENTRY_PAD, abi.h) calls
 * the pad's stub instead, `add $8, %rsp` falling into the replacement:
 * one call more than an unpatched call, where the trampoline adds a
 * compare and two jumps across pages (each a translation-block lookup
 * under TCG, a branch-predictor entry on hardware).  kp_direct_move()
 * switches a site between the two with modify_ftrace_direct(), which
 * ftrace does safely under running code; both routes end in the same
 * replacement, since the selector is left as it was, so the move needs no
 * stop_machine() and changes no call's result.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/ftrace.h>
#include <linux/memory.h>
#include "core.h"
#include "direct.h"
#include "ksym.h"

#define KP_NR_TRAMPS 256	/* as in tramp.S */

struct kp_tramp_jumps {
	unsigned long tramp;
	unsigned long jmp[2];	/* addresses of jump A and jump B */
};

u8 kp_direct_sel[KP_NR_TRAMPS];
extern const struct kp_tramp_jumps kp_tramps[KP_NR_TRAMPS];
static unsigned long kp_tramp_target[KP_NR_TRAMPS][2];
static DECLARE_BITMAP(kp_tramp_used, KP_NR_TRAMPS);

static bool direct = true;
module_param(direct, bool, 0644);
MODULE_PARM_DESC(direct, "redirect newly patched functions with direct calls (fast path)");

static unsigned long kp_tramp_addr(int i)
{
	return kp_tramps[i].tramp;
}

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
	WRITE_ONCE(kp_direct_sel[i], 0);
	ret = register_ftrace_direct(ip, kp_tramp_addr(i));
	if (ret) {
		pr_info("direct call refused at %pS (%d); using the ftrace handler\n",
			(void *)ip, ret);
		return -1;
	}
	__set_bit(i, kp_tramp_used);
	return i;
}

/* Unbind ip from trampoline i; its site calls `calls` (the trampoline or an entry stub). */
void kp_direct_unbind(unsigned long ip, int i, unsigned long calls)
{
	WARN_ON(unregister_ftrace_direct(ip, calls ?: kp_tramp_addr(i)));
	kp_tramp_target[i][0] = 0;
	kp_tramp_target[i][1] = 0;
	__clear_bit(i, kp_tramp_used);
}

/* Make target reachable by a selector value of trampoline i; -ERANGE if too far. */
int kp_direct_prepare(int i, unsigned long target)
{
	unsigned int sel = READ_ONCE(kp_direct_sel[i]), j;
	unsigned long jmp;
	s64 rel;
	s32 rel32;

	if (kp_tramp_target[i][0] == target || kp_tramp_target[i][1] == target)
		return 0;
	/* The jump not selected now: A when none or B is, else B. */
	j = sel == 1 ? 1 : 0;
	jmp = kp_tramps[i].jmp[j];
	rel = (s64)(target - (jmp + 5));
	if (rel != (s32)rel)
		return -ERANGE;
	rel32 = rel;
	mutex_lock(kp_kernel.text_mutex);
	kp_kernel.text_poke((void *)(jmp + 1), &rel32, sizeof(rel32));
	mutex_unlock(kp_kernel.text_mutex);
	kp_tramp_target[i][j] = target;
	return 0;
}

/* Inside stop_machine(), after the map is published; target 0: not redirected. */
void kp_direct_set(int i, unsigned long target)
{
	u8 sel = 0;

	if (target)
		sel = kp_tramp_target[i][0] == target ? 1 : 2;
	WRITE_ONCE(kp_direct_sel[i], sel);
}

/* The stub in a replacement's entry pad (abi.h). */
static const u8 kp_entry_stub[KPATCH_ENTRY_STUB_SIZE] = KPATCH_ENTRY_STUB_BYTES;

/* Where the stub starts: the replacement's address minus the stub. */
static unsigned long kp_entry_of(unsigned long new_addr)
{
	return new_addr - sizeof(kp_entry_stub);
}

bool kp_entry_stub_written(unsigned long new_addr)
{
	return !memcmp((void *)kp_entry_of(new_addr), kp_entry_stub, sizeof(kp_entry_stub));
}

/*
 * Write the stub into a replacement's entry pad (checked by check.c) and
 * return the entry.  Called at registration, before anything can call
 * the replacement; the patch module's text is read-only by then, hence
 * text_poke().
 */
unsigned long kp_entry_stub_write(unsigned long new_addr)
{
	if (!kp_entry_stub_written(new_addr)) {
		mutex_lock(kp_kernel.text_mutex);
		kp_kernel.text_poke((void *)kp_entry_of(new_addr), kp_entry_stub,
				    sizeof(kp_entry_stub));
		mutex_unlock(kp_kernel.text_mutex);
	}
	return kp_entry_of(new_addr);
}

/* The trampoline's address, for a site bound to trampoline i. */
unsigned long kp_direct_tramp(int i)
{
	return kp_tramp_addr(i);
}

/* Make the site at ip call to instead of from (both routes behave alike). */
int kp_direct_move(unsigned long ip, unsigned long from, unsigned long to)
{
	int ret = modify_ftrace_direct(ip, from, to);

	if (ret)
		pr_warn("cannot move the direct call at %pS from %pS to %pS: %d\n",
			(void *)ip, (void *)from, (void *)to, ret);
	return ret;
}
