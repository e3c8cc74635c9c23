// SPDX-License-Identifier: GPL-2.0
/*
 * jump.c - the jump route: a `jmp rel32` to the replacement written right
 * after the original's fentry site, inside the stop_machine() window.
 *
 * Why this route is the default.  Every other route enters the
 * replacement from a call the fentry site makes (an entry stub, a
 * trampoline, ftrace's handler), so that call's return address stays on
 * the CPU's return-stack buffer with no `ret` to match it: the
 * replacement's return is mispredicted, and so is every return up the
 * caller's chain.  Replayed natively (bench/call-cost --native, the host's
 * AMD EPYC), the settled entry stub costs ~6x an unpatched call whatever
 * the depth, the trampoline as much, the ftrace handler 3-18x; the jump
 * route ~1.0x at depths 0-8 (a taken jmp is ~0.5 ns, lost in the call).
 * The fentry site itself stays ftrace's: ftrace's records of it stay true,
 * and a tracer or a kprobe enabled on the function calls out from there
 * and returns onto the jmp, so function_graph's return hook, the function
 * tracer and kprobes at the entry keep working.
 *
 * Which functions take it (kp_jump_claim): the fentry site is at the
 * entry, the function is at least 10 bytes long, its module (if any) is
 * live (a coming module's jump labels may not be registered yet), it is
 * not force-unsafe (no activeness check: a task could return into the
 * bytes the jmp covers), and no site that the kernel rewrites at run time lies in the 5
 * bytes: a jump label, a static call, an SMP lock prefix (the checks
 * kprobes makes before writing an int3), or a kprobe.  Sites rewritten
 * only at boot or module load (alternatives, paravirt, retpolines, return
 * thunks) hold their final bytes by now, which is what is saved and put
 * back.  A function that does not qualify keeps the ftrace routes
 * (route.c); sysfs `route` says which.  A site never changes route while
 * a patch needs it.
 *
 * Functions without an ftrace site (notrace: all of lib/ and kernel/trace/
 * are built so) have no other route: their jmp covers their first 5 bytes
 * (KPATCH_FUNC_ENTRY_JUMP, abi.h), which kpatch-link checked no branch
 * of the original enters, and one that does not qualify here is refused.
 * A task inside the original is refused by the activeness check as for
 * any function, so no task can return into the covered bytes.  Such a
 * site in a coming module is taken too: kpatch.ko's module notifier runs
 * last (objects.c), after the kernel registered the module's jump labels
 * and static calls, which the reserved-text checks then see.
 *
 * The switch.  A site with an fentry site is bridged through ftrace for
 * the transition (see "Bridges" below): the map published inside the
 * window switches it, and its bytes change around the window.  The
 * others (no fentry site, a going module, bridge=0) change inside the
 * same stop_machine() callback that publishes the map, after the
 * activeness check passed, so all functions switch in one window.  A
 * task stopped inside the original is refused by that check; at the jmp
 * itself is an instruction boundary in both versions.  NMIs still run
 * during the window and may execute the bytes being written, so they are
 * written with the int3 protocol of the kernel's text_poke_bp(): int3
 * first, then the tail, then the first byte, every CPU serialising its
 * instruction stream between steps.  stop_machine() runs the callback on
 * every CPU for this: the others wait for each step and run sync_core()
 * (an NMI on a CPU holds its ack back until it returned); the
 * serialisation after the last step is an IPI once the window is over.
 * A die notifier sends an NMI that hits the int3 to the replacement that
 * was or becomes live, so each call is wholly old or wholly new.  Writes
 * go through text_poke_kgdb(), text_poke() for a machine whose other CPUs
 * are stopped (outside the window: text_poke()); text_mutex is held by
 * the task that started the switch, kprobe_mutex too, so no kprobe is
 * prepared over these bytes meanwhile.
 *
 * livepatch on the same function would win at the fentry site: a function
 * an enabled livepatch redirects does not take this route (its ftrace
 * route meets livepatch's IPMODIFY and is refused), and a livepatch that
 * comes later is reported, not stopped (livepatch.c).  A kprobe put on the
 * jmp while patched makes unpatching refuse with -EBUSY until it is gone,
 * and so does one put while patched in the bytes after the jmp an original
 * instruction may still cover (kp_jump_guard_end()).
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/cpu.h>
#include <linux/ftrace.h>
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/memory.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <asm/insn.h>
#include <asm/sync_core.h>
#include "core.h"
#include "ksym.h"
#include "redirect.h"
#include "jump.h"
#include "livepatch.h"

#define KP_JMP_LEN 5
#define KP_JMP_OPCODE 0xe9
#define KP_INT3_OPCODE 0xcc

static const u8 kp_endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };

/* kp_jump_unfit()'s answers for every function alike: not logged for each one. */
static const char KP_JUMP_OFF[] = "off";
static const char KP_JUMP_UNAVAILABLE[] = "the kernel symbols it needs were not found when kpatch.ko loaded";

static bool jump = true;
module_param(jump, bool, 0644);
MODULE_PARM_DESC(jump, "route newly patched functions through a jmp after their fentry site when they qualify");

static bool bridge = true;
module_param(bridge, bool, 0644);
MODULE_PARM_DESC(bridge, "rewrite jump sites around the stop_machine window, their calls bridged through ftrace meanwhile, rather than inside it");

/* Kernel internals the route needs; resolved at init, or the route is off. */
static struct {
	void *(*text_poke_kgdb)(void *addr, const void *opcode, size_t len);
	struct kprobe *(*get_kprobe)(void *addr);
	struct mutex *kprobe_mutex;
	struct mutex *jump_label_mutex;
	int (*jump_label_text_reserved)(void *start, void *end);
	int (*static_call_text_reserved)(void *start, void *end);
	int (*alternatives_text_reserved)(void *start, void *end);
	int (*stop_machine_cpuslocked)(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus);
} kj;
static bool kj_ready;

/*
 * One site: the 5 bytes after an original's fentry call, or its first 5
 * bytes when it has no ftrace site (KPATCH_FUNC_ENTRY_JUMP).
 */
struct kp_jump {
	unsigned long func;		/* the original's old_addr */
	unsigned long ip;		/* func + 5, or func */
	unsigned long end;		/* func + its size */
	struct module *mod;		/* the original's module, or NULL: vmlinux */
	u8 saved[KP_JMP_LEN];		/* what was there */
	unsigned long target;		/* replacement jumped to, 0: saved bytes */
	unsigned long want;		/* target after the pending switch */
	bool bridged;			/* armed in ftrace for this transition */
	unsigned long from;		/* if bridged: target before the window */
};

static struct kp_jump *kp_jumps;
static unsigned int kp_nr_jumps, kp_cap_jumps;

/*
 * Sites being rewritten: where an int3 hit there goes (read by NMIs), and
 * the target the site's bytes get (0: its saved bytes).
 */
struct kp_poking {
	unsigned long ip, to;
	struct kp_jump *j;
	unsigned long bytes_to;
};
static struct kp_poking *kp_poking;
static unsigned int kp_nr_poking;

static void kp_jump_sync_after(void);

static struct kp_jump *kp_jump_find(unsigned long func)
{
	unsigned int i;

	for (i = 0; i < kp_nr_jumps; i++)
		if (kp_jumps[i].func == func)
			return &kp_jumps[i];
	return NULL;
}

/* Where f's jmp goes: after its fentry site, or at its entry if it has none. */
static unsigned long kp_jump_site(const struct kp_func *f)
{
	return f->old_addr + (f->entry_jump ? 0 : MCOUNT_INSN_SIZE);
}

/* The first address in [start, end) a kprobe is registered on, or 0.  kprobe_mutex held. */
static unsigned long kp_kprobed(unsigned long start, unsigned long end)
{
	unsigned long addr, hit = 0;

	preempt_disable();
	for (addr = start; addr < end && !hit; addr++)
		if (kj.get_kprobe((void *)addr))
			hit = addr;
	preempt_enable();
	return hit;
}

/*
 * Where a kprobe must not lie when j's bytes change: on them, and when
 * the original comes back, on whatever an original instruction under the
 * jmp may reach past it (up to MAX_INSN_SIZE - 1 bytes past its last
 * byte, within the function).  While patched, kprobes decodes the
 * function from the jmp's end and may take the middle of such an
 * instruction for a boundary; its int3 there would corrupt the original
 * once it runs again.  The core does not decode the original, so any
 * kprobe in that tail holds the restore, as one on the jmp does.
 */
static unsigned long kp_jump_guard_end(const struct kp_jump *j)
{
	unsigned long end = j->ip + KP_JMP_LEN;

	if (j->target && !j->want)
		end = min(end - 1 + MAX_INSN_SIZE, j->end);
	return end;
}

/*
 * Why f cannot take the jump route, or NULL.  A kprobe registered between
 * this and the window is caught by kp_jump_lock().
 */
static const char *kp_jump_unfit(const struct kp_func *f)
{
	void *start = (void *)kp_jump_site(f);
	void *end = start + KP_JMP_LEN - 1;
	char owner[MODULE_NAME_LEN];
	bool kprobed;
	int reserved;

	if (!kj_ready)
		return KP_JUMP_UNAVAILABLE;
	if (!READ_ONCE(jump))
		return KP_JUMP_OFF;
	/* Loading f checked its fentry site: there, or absent (kp_check_ftrace_site()). */
	if (f->entry_jump) {
		/* kpatch-link checked the original's first bytes (abi.h). */
		if (f->old_size < KP_JMP_LEN)
			return "shorter than a jmp";
		/* With IBT, indirect calls must land on it: keep it, no jmp over it. */
		if (!memcmp(start, kp_endbr64, sizeof(kp_endbr64)))
			return "it starts with endbr64";
	} else {
		if (f->old_size < MCOUNT_INSN_SIZE + KP_JMP_LEN)
			return "shorter than fentry + jmp";
		/* Its ftrace routes work at any time; keep the jmp to live modules. */
		if (f->obj->mod && f->obj->mod->state != MODULE_STATE_LIVE)
			return "module not live yet";
	}
	/* Unchecked stacks: a task could return into the bytes the jmp covers. */
	if (f->force)
		return "force-unsafe";
	/* It would win at the fentry site; ftrace's IPMODIFY check must see us. */
	if (kp_livepatch_redirects(f->old_addr, owner)) {
		pr_info("%s (%s): livepatch %s redirects it\n", f->name, f->obj->name, owner);
		return "the kernel's livepatch redirects it too";
	}
	cpus_read_lock();
	mutex_lock(kj.jump_label_mutex);
	reserved = kj.jump_label_text_reserved(start, end) ||
		   kj.static_call_text_reserved(start, end);
	mutex_unlock(kj.jump_label_mutex);
	cpus_read_unlock();
	if (reserved)
		return "a jump label or static call site there";
	mutex_lock(kj.kprobe_mutex);
	kprobed = kp_kprobed((unsigned long)start, (unsigned long)start + KP_JMP_LEN);
	mutex_unlock(kj.kprobe_mutex);
	return kprobed ? "a kprobe there" : NULL;
}

/*
 * Take f's site onto the jump route if it qualifies and is not on it yet;
 * true if the site is (now) a jump site, whose switch this module makes.
 */
bool kp_jump_claim(const struct kp_func *f)
{
	unsigned long ip = kp_jump_site(f);
	const char *why;
	struct kp_jump *j;

	if (kp_jump_find(f->old_addr))
		return true;
	why = kp_jump_unfit(f);
	if (why && f->entry_jump) {
		pr_err("%s (%s) has no ftrace site, so only a jmp at its entry can redirect it, and that cannot be written: %s%s\n",
		       f->name, f->obj->name, why,
		       why == KP_JUMP_OFF ? " (kpatch.ko's parameter jump=0)" : "");
		return false;
	}
	if (why) {
		if (why != KP_JUMP_OFF && why != KP_JUMP_UNAVAILABLE)
			pr_info("%s (%s): jump route not taken: %s\n", f->name, f->obj->name, why);
		return false;
	}
	if (kp_nr_jumps == kp_cap_jumps) {
		unsigned int cap = kp_cap_jumps ? 2 * kp_cap_jumps : 16;

		j = krealloc_array(kp_jumps, cap, sizeof(*j), GFP_KERNEL);
		if (!j)
			return false;
		kp_jumps = j;
		kp_cap_jumps = cap;
	}
	j = &kp_jumps[kp_nr_jumps++];
	*j = (struct kp_jump){
		.func = f->old_addr, .ip = ip, .end = f->old_addr + f->old_size, .mod = f->obj->mod,
	};
	memcpy(j->saved, (void *)ip, KP_JMP_LEN);
	return true;
}

bool kp_jump_routed(unsigned long old_addr)
{
	struct kp_jump *j = kp_jump_find(old_addr);

	return j && j->target;
}

/* The byte run-pre verification must see at addr: the saved one under a jmp. */
u8 kp_jump_orig_byte(unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < kp_nr_jumps; i++)
		if (addr - kp_jumps[i].ip < KP_JMP_LEN)
			return kp_jumps[i].saved[addr - kp_jumps[i].ip];
	return *(u8 *)addr;
}

/*
 * Before the window: each site's wanted target in the new map, and the
 * poking table.  Returns how many sites change, or -ENOMEM.
 */
int kp_jump_plan(const struct kp_map *new)
{
	unsigned int i, n = 0;

	kfree(kp_poking);
	kp_poking = kcalloc(kp_nr_jumps ?: 1, sizeof(*kp_poking), GFP_KERNEL);
	if (!kp_poking)
		return -ENOMEM;
	for (i = 0; i < kp_nr_jumps; i++) {
		struct kp_jump *j = &kp_jumps[i];
		const struct kp_map_entry *e = kp_map_find(new, j->func);

		j->want = e ? e->new_addr : 0;
		if (j->want != j->target)
			n++;
	}
	return n;
}

static void kp_jump_unlock(void)
{
	mutex_unlock(kp_kernel.text_mutex);
	cpus_read_unlock();
	mutex_unlock(kj.kprobe_mutex);
}

/*
 * Take the locks that keep the sites' bytes ours through the window, and
 * check the sites for kprobes.  Lock order as register_kprobe():
 * kprobe_mutex, cpus_read_lock, text_mutex.  -EBUSY if a kprobe lies on
 * a site that changes.
 */
static int kp_jump_lock(void)
{
	unsigned long probed;
	unsigned int i;

	mutex_lock(kj.kprobe_mutex);
	cpus_read_lock();
	mutex_lock(kp_kernel.text_mutex);
	for (i = 0; i < kp_nr_jumps; i++) {
		struct kp_jump *j = &kp_jumps[i];
		void *s = (void *)j->ip;

		if (j->want == j->target)
			continue;
		probed = kp_kprobed(j->ip, kp_jump_guard_end(j));
		if (probed) {
			pr_err("a kprobe lies on %pS, %s; remove it and try again\n", (void *)probed,
			       probed < j->ip + KP_JMP_LEN ? "the bytes the jump route rewrites" :
			       "where an original instruction under the jmp may go on");
			kp_jump_unlock();
			return -EBUSY;
		}
		/* Its end is exclusive, unlike the jump label and static call checks'. */
		if (!j->target && kj.alternatives_text_reserved(s, s + KP_JMP_LEN)) {
			pr_err("an SMP alternative lies on %pS; cannot write a jmp there\n", s);
			kp_jump_unlock();
			return -EBUSY;
		}
	}
	return 0;
}

static void kp_jump_write_bridged(bool before, bool committed);

/*
 * The window, the sites' locks held: fn inside stop_machine(), on every
 * online CPU when sites change inside it (all_cpus), else on one; the
 * bridged sites rewritten before and after it.  window_ns: ktime before
 * and after stop_machine().
 */
int kp_jump_stop_machine(cpu_stop_fn_t fn, void *data, bool all_cpus, u64 window_ns[2])
{
	int ret = kp_jump_lock();

	if (ret)
		return ret;
	kp_jump_write_bridged(true, false);
	window_ns[0] = ktime_get_ns();
	ret = kj.stop_machine_cpuslocked(fn, data, all_cpus ? cpu_online_mask : NULL);
	window_ns[1] = ktime_get_ns();
	kp_jump_sync_after();
	kp_jump_write_bridged(false, !ret);
	kp_jump_unlock();
	return ret;
}

/* The bytes a site holds when it jumps to target (0: its saved bytes). */
static void kp_jump_bytes(const struct kp_jump *j, unsigned long target, u8 *out)
{
	s32 rel;

	if (!target) {
		memcpy(out, j->saved, KP_JMP_LEN);
		return;
	}
	rel = (s32)(target - (j->ip + KP_JMP_LEN));
	out[0] = KP_JMP_OPCODE;
	memcpy(out + 1, &rel, sizeof(rel));
}

/* Can every wanted target be reached by a rel32 jmp?  Before the window. */
int kp_jump_check_reach(void)
{
	unsigned int i;

	for (i = 0; i < kp_nr_jumps; i++) {
		s64 rel = (s64)(kp_jumps[i].want - (kp_jumps[i].ip + KP_JMP_LEN));

		if (kp_jumps[i].want && rel != (s32)rel) {
			pr_err("replacement %pS is out of jmp range of %pS\n",
			       (void *)kp_jumps[i].want, (void *)kp_jumps[i].ip);
			return -ERANGE;
		}
	}
	return 0;
}

typedef void *(*kp_poke_fn)(void *addr, const void *opcode, size_t len);

/*
 * Rewrite the n sites in kp_poking with the int3 protocol: int3 first,
 * then the tail, then the first byte, sync(arg) making every CPU
 * serialise between steps.  The caller serialises after the last one.
 */
static void kp_jump_write(unsigned int n, kp_poke_fn poke, void (*sync)(void *), void *arg)
{
	static const u8 int3 = KP_INT3_OPCODE;
	u8 bytes[KP_JMP_LEN];
	unsigned int i;

	/* Pairs with the smp_load_acquire() in kp_jump_int3(). */
	smp_store_release(&kp_nr_poking, n);
	for (i = 0; i < n; i++)
		poke((void *)kp_poking[i].ip, &int3, 1);
	sync(arg);
	for (i = 0; i < n; i++) {
		kp_jump_bytes(kp_poking[i].j, kp_poking[i].bytes_to, bytes);
		poke((void *)kp_poking[i].ip + 1, bytes + 1, KP_JMP_LEN - 1);
	}
	sync(arg);
	for (i = 0; i < n; i++) {
		kp_jump_bytes(kp_poking[i].j, kp_poking[i].bytes_to, bytes);
		poke((void *)kp_poking[i].ip, bytes, 1);
		kp_poking[i].j->target = kp_poking[i].bytes_to;
	}
}

/*
 * Inside the window, on the CPU that runs the switch: rewrite every site
 * that changes and is not bridged.  sync() makes every CPU serialise.
 */
void kp_jump_switch(void (*sync)(void *), void *arg)
{
	unsigned int i, n = 0;

	for (i = 0; i < kp_nr_jumps; i++) {
		struct kp_jump *j = &kp_jumps[i];

		if (j->want == j->target || j->bridged)
			continue;
		/* An int3 hit goes to the replacement live before or after. */
		kp_poking[n++] = (struct kp_poking){
			.ip = j->ip, .to = j->want ?: j->target, .j = j, .bytes_to = j->want,
		};
	}
	if (!n)
		return;
	kp_jump_write(n, kj.text_poke_kgdb, sync, arg);
	/*
	 * The last serialisation is kp_jump_sync_after(), an IPI once the
	 * window is over: a CPU that still fetches the int3 meanwhile is
	 * sent by kp_jump_int3() to a replacement, the new one or, for a
	 * site put back, the one it had: a whole call either way.  One
	 * all-CPU round fewer inside the window.
	 */
	sync_core();
}

static void kp_sync_core_ipi(void *unused)
{
	sync_core();
}

/* Every CPU serialises its instruction stream; returns once all did. */
static void kp_sync_all_cpus(void *unused)
{
	on_each_cpu(kp_sync_core_ipi, NULL, 1);
}

/*
 * After a rewrite: every CPU serialises (an IPI, which an NMI in progress
 * delays until it returned), then no CPU can be inside an int3 of ours.
 */
static void kp_jump_sync_after(void)
{
	if (!READ_ONCE(kp_nr_poking))
		return;
	kp_sync_all_cpus(NULL);
	WRITE_ONCE(kp_nr_poking, 0);
}

/*
 * Bridges.  Written inside the window, a site costs the window three
 * text_poke()s and two all-CPU rounds (under TCG ~60 us a site:
 * bench/stop-window).  A site with an fentry site need not be: armed in
 * ftrace for the transition (kp_ftrace_bridge()), its calls follow the
 * live map, which the window switches with one store, and take its
 * replacement before the fentry call returns, so no call reaches the
 * bytes after it.  Those bytes then change outside the window with the
 * same protocol, serialised by IPIs: put back before it where the site
 * is unpatched (the map still sends its calls to the old replacement),
 * the new jmp written after it (the map sends them to the new one), or,
 * when the switch failed, the old jmp put back.  settle_ms after the last
 * transition (route.c) the bridge goes and the jmp carries the calls again.  No task can be in the bytes: the
 * activeness check refused any in the original when its jmp was written.
 */
static bool kp_jump_bridgeable(const struct kp_jump *j)
{
	/* No fentry site to arm: its jmp is at the entry. */
	if (!READ_ONCE(bridge) || j->ip == j->func)
		return false;
	/* A going module's sites go with it: not worth arming ftrace there. */
	return !j->mod || j->mod->state == MODULE_STATE_LIVE;
}

/*
 * Before the window: bridge every site that changes and can be (arm: see
 * kp_ftrace_bridge()), unless bridged already.  Returns how many sites
 * change inside the window.
 */
unsigned int kp_jump_bridge(int (*arm)(unsigned long ip, unsigned long now, unsigned long want))
{
	unsigned int i, inside = 0;

	for (i = 0; i < kp_nr_jumps; i++) {
		struct kp_jump *j = &kp_jumps[i];

		if (j->want == j->target)
			continue;
		if (!j->bridged && kp_jump_bridgeable(j) && !arm(j->func, j->target, j->want))
			j->bridged = true;
		if (j->bridged) {
			j->from = j->target;
			continue;
		}
		inside++;
	}
	return inside;
}

/*
 * The bridged sites' bytes, outside the window, the sites' locks held.
 * Before it: the sites being unpatched get their saved bytes.  After it:
 * each its final jmp, the new one, or the old one if the switch failed.
 * An int3 hit meanwhile goes where the live map sends the calls.
 */
static void kp_jump_write_bridged(bool before, bool committed)
{
	unsigned int i, n = 0;

	for (i = 0; i < kp_nr_jumps; i++) {
		struct kp_jump *j = &kp_jumps[i];
		unsigned long to;

		if (!j->bridged)
			continue;
		if (before)
			to = j->want ? j->target : 0;
		else
			to = committed ? j->want : j->from;
		if (to == j->target)
			continue;
		kp_poking[n++] = (struct kp_poking){
			.ip = j->ip, .to = to ?: j->from, .j = j, .bytes_to = to,
		};
	}
	if (!n)
		return;
	kp_jump_write(n, kp_kernel.text_poke, kp_sync_all_cpus, NULL);
	kp_jump_sync_after();
}

/*
 * Once transitions settled (route.c): every bridge goes, its site's bytes
 * being what the live map says (disarm: kp_ftrace_unbridge()).  Returns
 * how many went.
 */
unsigned int kp_jump_unbridge(void (*disarm)(unsigned long ip))
{
	unsigned int i, n = 0;

	for (i = 0; i < kp_nr_jumps; i++) {
		if (!kp_jumps[i].bridged)
			continue;
		disarm(kp_jumps[i].func);
		kp_jumps[i].bridged = false;
		n++;
	}
	return n;
}

/* An NMI (or anything) hit a site's int3 during the window: take the jmp. */
static int kp_jump_int3(struct notifier_block *nb, unsigned long val, void *data)
{
	struct die_args *args = data;
	unsigned int i, n;

	if (val != DIE_INT3 || user_mode(args->regs))
		return NOTIFY_DONE;
	n = smp_load_acquire(&kp_nr_poking);
	for (i = 0; i < n; i++) {
		if (args->regs->ip - 1 == kp_poking[i].ip) {
			args->regs->ip = kp_poking[i].to;
			return NOTIFY_STOP;
		}
	}
	return NOTIFY_DONE;
}

static struct notifier_block kp_jump_nb = {
	.notifier_call = kp_jump_int3,
	.priority = INT_MAX,
};

/*
 * After a transition: forget sites that hold their saved bytes and nothing
 * needs, their bridge gone first (disarm: kp_ftrace_unbridge()).
 */
void kp_jump_forget_unused(bool (*wanted)(unsigned long old_addr),
			   void (*disarm)(unsigned long ip))
{
	unsigned int i, k = 0;

	for (i = 0; i < kp_nr_jumps; i++) {
		struct kp_jump *j = &kp_jumps[i];

		j->want = j->target;
		if (j->target || wanted(j->func)) {
			kp_jumps[k++] = *j;
			continue;
		}
		if (j->bridged)
			disarm(j->func);
	}
	kp_nr_jumps = k;
}

/*
 * A livepatch module came: its replacement runs, not kpatch's, for any
 * function it redirects that a jump site routes.  Under kp_mutex.
 */
void kp_jump_warn_livepatch(void)
{
	char owner[MODULE_NAME_LEN];
	unsigned int i;

	for (i = 0; i < kp_nr_jumps; i++)
		if (kp_jumps[i].target && kp_livepatch_redirects(kp_jumps[i].func, owner))
			pr_warn("livepatch %s redirects %pS, which kpatch.ko routes to %pS by a jmp after its fentry site: livepatch's replacement runs first; disable one of the two\n",
				owner, (void *)kp_jumps[i].func, (void *)kp_jumps[i].target);
}

#define KJ(field, sym) { sym, (void **)&kj.field }

int kp_jump_init(void)
{
	const struct kp_need {
		const char *name;
		void **slot;
	} needs[] = {
		KJ(text_poke_kgdb, "text_poke_kgdb"),
		KJ(get_kprobe, "get_kprobe"),
		KJ(kprobe_mutex, "kprobe_mutex"),
		KJ(jump_label_mutex, "jump_label_mutex"),
		KJ(jump_label_text_reserved, "jump_label_text_reserved"),
		KJ(static_call_text_reserved, "static_call_text_reserved"),
		KJ(alternatives_text_reserved, "alternatives_text_reserved"),
		KJ(stop_machine_cpuslocked, "stop_machine_cpuslocked"),
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		*needs[i].slot = (void *)kp_kernel.lookup_name(needs[i].name);
		if (!*needs[i].slot) {
			pr_info("kernel symbol %s not found: the jump route is off, patched calls take ftrace\n",
				needs[i].name);
			return 0;
		}
	}
	ret = register_die_notifier(&kp_jump_nb);
	if (ret)
		return ret;
	kj_ready = true;
	return 0;
}

void kp_jump_exit(void)
{
	if (kj_ready)
		unregister_die_notifier(&kp_jump_nb);
	/* No patch is left (each holds a reference): every site has its bytes back. */
	kfree(kp_jumps);
	kfree(kp_poking);
}
