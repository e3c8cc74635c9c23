// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_static.ko - kpt_count_a() adds 1000 to kpt_a.c's static `counter`.
 *
 * kpt_target has two statics named `counter` (kpt_a.c, kpt_b.c), so the
 * reference is a dynrela whose symbol carries anchors; the site is the
 * displacement of a RIP-relative lea in read-only module text, which
 * the core must write with text_poke().  kpp_static_noanchor.ko builds
 * this file without anchors: the core must refuse it (-ENOTUNIQ).
 */
#include <linux/elf.h>
#include "kpp.h"

static noinline unsigned long kpp_count_a(void)
{
	unsigned long *counter;

	/* lea counter(%rip), %rax; the displacement is the dynrela site. */
	asm volatile(".byte 0x48, 0x8d, 0x05\n"
		     ".Lkpp_counter_site: .long 0\n"
		     ".pushsection .kpatch.dynrelas, \"aw\"\n"
		     "kpp_dynrelas:\n"
		     ".quad .Lkpp_counter_site, kpp_sym_counter, -4\n"
		     ".long %c1, 0\n"
		     ".popsection\n"
		     : "=a"(counter) : "i"(R_X86_64_PC32));
	*counter += 1000;
	return *counter;
}

extern struct kpatch_dynrela kpp_dynrelas[];

static struct kpatch_symbol kpp_sym_counter KPP_SEC(".kpatch.symbols") = {
	.name = KPT_U64("counter"), .objname = KPT_U64(KPP_TARGET),
#ifndef KPP_NO_ANCHORS
	.anchors = KPT_U64(kpt_anchors_counter), .nr_anchors = KPT_NR_ANCHORS_counter,
	.anchor_self = KPT_ANCHOR_SELF_counter,
#endif
};

KPP_FUNC_SYMBOL(kpt_count_a);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_count_a, kpp_count_a, 0),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), kpp_dynrelas, 1, NULL, 0);
