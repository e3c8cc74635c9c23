// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c - time each route of kmod/core on the host CPU (routes.S).
 *
 *   replay --check                    every route reaches the replacement
 *   replay [--runs R] [--calls N]     best of R runs of N calls per route
 *                                     and depth; default 9 x 3,000,000
 *
 * Timed output, one line per route and depth:
 *   replay ROUTE depth=D ns=NS ratio=R
 * with R the best time over the best unpatched time at the same depth.
 * Runs interleave the routes, so a slow phase of a shared machine hits
 * them all.  --check runs each loop briefly and fails (exit 1) unless
 * every call of every route returned the replacement's result, and the
 * handler and livepatch routes went through their handler each time: the replay is
 * checked to run the path it claims to, not timed.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef unsigned int (*loop_fn)(unsigned long n);

#define DEPTHS(r) { loop_##r##_0, loop_##r##_1, loop_##r##_2, loop_##r##_4, loop_##r##_8 }
#define DECLARE_ROUTE(r)                                                           \
	unsigned int loop_##r##_0(unsigned long), loop_##r##_1(unsigned long),     \
		loop_##r##_2(unsigned long), loop_##r##_4(unsigned long),          \
		loop_##r##_8(unsigned long);                                       \
	void orig_##r(void)
DECLARE_ROUTE(unpatched);
DECLARE_ROUTE(jump);
DECLARE_ROUTE(stub);
DECLARE_ROUTE(tramp);
DECLARE_ROUTE(handler);
DECLARE_ROUTE(klp);
void repl(void);

static const unsigned int depths[] = { 0, 1, 2, 4, 8 };
#define NR_DEPTHS (sizeof(depths) / sizeof(depths[0]))

struct route {
	const char *name;	/* as kmod/core's sysfs `route` says */
	loop_fn loops[NR_DEPTHS];
};

static const struct route routes[] = {
	{ "unpatched", DEPTHS(unpatched) },
	{ "jump", DEPTHS(jump) },
	{ "stub", DEPTHS(stub) },
	{ "trampoline", DEPTHS(tramp) },
	{ "handler", DEPTHS(handler) },
	{ "livepatch", DEPTHS(klp) },	/* a klp-format module, not kmod/core */
};
#define NR_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* ---- what kp_ftrace_handler does, for the handler route ---- */

struct regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx,
		rsi, rdi, orig_rax, ip, cs, flags, sp, ss;
};

struct map_entry {
	unsigned long old_addr, new_addr;
};

/* A live map of 16 patched functions, the replayed one among them. */
#define MAP_NR 16
static struct map_entry map_entries[MAP_NR];
static struct map_entry *_Atomic live_map;
static unsigned long trace_recursion;	/* current->trace_recursion */
static unsigned int preempt_count;
static unsigned long handler_calls;
static int replica_ops;
void *replica_ops_ptr = &replica_ops;	/* what the trampoline loads into %rdx */

void replica_handler(unsigned long ip, unsigned long parent_ip, void *ops, struct regs *regs)
{
	const struct map_entry *map;
	unsigned int lo = 0, hi = MAP_NR;

	(void)parent_ip;
	(void)ops;
	/* ftrace_test_recursion_trylock(): a bit per context, preemption off. */
	if (trace_recursion & 1)
		return;
	trace_recursion |= 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	preempt_count++;
	map = atomic_load_explicit(&live_map, memory_order_acquire);
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (map[mid].old_addr == ip) {
			regs->ip = map[mid].new_addr;
			break;
		}
		if (map[mid].old_addr < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	handler_calls++;
	preempt_count--;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	trace_recursion &= ~1UL;
}

static void map_init(void)
{
	unsigned long orig = (unsigned long)orig_handler;
	unsigned int i;

	/* Sorted neighbours 64 bytes apart; the replayed function at index 9. */
	for (i = 0; i < MAP_NR; i++) {
		map_entries[i].old_addr = orig + 64 * ((long)i - 9);
		map_entries[i].new_addr = (unsigned long)repl;
	}
	atomic_store_explicit(&live_map, map_entries, memory_order_release);
}

/*
 * ---- what 6.1's klp_ftrace_handler does, for the livepatch route ----
 * container_of the ops, the recursion guard, the first klp_func on the
 * ops' func_stack (list_first_or_null_rcu), smp_rmb() (a compiler
 * barrier on x86), the transition and nop tests, then the new ip.
 */
struct list_node {
	struct list_node *next, *prev;
};

struct klp_func_replica {
	unsigned long new_func;
	struct list_node stack_node;
	int transition, nop;
};

struct klp_ops_replica {
	struct list_node func_stack;
	int fops;	/* struct ftrace_ops: the trampoline passes its address */
};

static struct klp_func_replica klp_func = { .new_func = 0 };
static struct klp_ops_replica klp_ops;
void *klp_replica_ops_ptr = &klp_ops.fops;
static int patch_state = 1;	/* current->patch_state: KLP_PATCHED */

#define container_of(p, type, member) ((type *)((char *)(p) - __builtin_offsetof(type, member)))

void klp_replica_handler(unsigned long ip, unsigned long parent_ip, void *fops,
			 struct regs *regs)
{
	struct klp_ops_replica *ops = container_of(fops, struct klp_ops_replica, fops);
	struct list_node *first;
	struct klp_func_replica *func;

	(void)ip;
	(void)parent_ip;
	if (trace_recursion & 1)
		return;
	trace_recursion |= 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	preempt_count++;
	first = atomic_load_explicit((struct list_node *_Atomic *)&ops->func_stack.next,
				     memory_order_relaxed);
	if (first == &ops->func_stack)
		goto unlock;
	func = container_of(first, struct klp_func_replica, stack_node);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);	/* smp_rmb() */
	if (__builtin_expect(func->transition, 0) && patch_state == 0)
		goto unlock;	/* KLP_UNPATCHED task mid-transition: the original */
	if (func->nop)
		goto unlock;
	regs->ip = func->new_func;
	handler_calls++;
unlock:
	preempt_count--;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	trace_recursion &= ~1UL;
}

static void klp_init(void)
{
	klp_func.new_func = (unsigned long)repl;
	klp_ops.func_stack.next = klp_ops.func_stack.prev = &klp_func.stack_node;
	klp_func.stack_node.next = klp_func.stack_node.prev = &klp_ops.func_stack;
}

/* ---- checking and timing ---- */

static int check(void)
{
	const unsigned long n = 1000;
	unsigned int d, r, bad = 0;

	for (d = 0; d < NR_DEPTHS; d++) {
		unsigned int base = routes[0].loops[d](n);

		for (r = 1; r < NR_ROUTES; r++) {
			unsigned long before = handler_calls;
			/* The replacement returns one more than the original. */
			unsigned int got = routes[r].loops[d](n) - base;
			unsigned long handled = handler_calls - before;
			int via_handler = !strcmp(routes[r].name, "handler") ||
					  !strcmp(routes[r].name, "livepatch");

			if (got != n || (via_handler && handled != n)) {
				fprintf(stderr,
					"replay: %s depth=%u: %u of %lu calls reached the replacement, %lu through the handler\n",
					routes[r].name, depths[d], got, n, handled);
				bad++;
			}
		}
	}
	printf("replay check: %s (%zu routes x %zu depths)\n", bad ? "FAILED" : "ok",
	       NR_ROUTES - 1, NR_DEPTHS);
	return bad ? 1 : 0;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static volatile unsigned int sink;

static void timed(unsigned int runs, unsigned long calls)
{
	double best[NR_ROUTES][NR_DEPTHS];
	unsigned int run, r, d;

	for (r = 0; r < NR_ROUTES; r++)
		for (d = 0; d < NR_DEPTHS; d++)
			best[r][d] = 1e300;
	for (run = 0; run < runs; run++) {
		for (d = 0; d < NR_DEPTHS; d++) {
			for (r = 0; r < NR_ROUTES; r++) {
				double t0 = now_ns(), t;

				sink = routes[r].loops[d](calls);
				t = (now_ns() - t0) / calls;
				if (t < best[r][d])
					best[r][d] = t;
			}
		}
	}
	for (r = 0; r < NR_ROUTES; r++)
		for (d = 0; d < NR_DEPTHS; d++)
			printf("replay %s depth=%u ns=%.2f ratio=%.2f\n", routes[r].name, depths[d],
			       best[r][d], best[r][d] / best[0][d]);
}

/* One CPU for the whole run: a migration would flush the predictors mid-run. */
static void pin_to_one_cpu(void)
{
	cpu_set_t set;
	int cpu = sched_getcpu();

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

int main(int argc, char **argv)
{
	unsigned int runs = 9;
	unsigned long calls = 3000000;
	int i;

	map_init();
	klp_init();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--check"))
			return check();
		if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--calls") && i + 1 < argc)
			calls = strtoul(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: replay [--check] [--runs R] [--calls N]\n");
			return 2;
		}
	}
	if (!runs || !calls) {
		fprintf(stderr, "replay: --runs and --calls must be positive\n");
		return 2;
	}
	if (check())
		return 1;
	pin_to_one_cpu();
	timed(runs, calls);
	return 0;
}
