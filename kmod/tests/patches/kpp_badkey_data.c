// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_badkey.ko - an early dynrela (KPATCH_DYNRELA_EARLY, abi.h) whose
 * static key does not exist in vmlinux: kpatch.ko's notifier must fail the
 * module's load as it comes, before any jump label is linked, naming the
 * key.  The field stands for a __jump_table entry's key.
 */
#include <linux/elf.h>
#include "kpp.h"

static noinline KPP_ENTRY_PAD long kpp_calc(long x)
{
	return 3 * x;
}

static long kpp_key_field;

static struct kpatch_symbol kpp_sym_key KPP_SEC(".kpatch.symbols") = {
	.name = KPT_U64("__tracepoint_kpatch_no_such_event"), .objname = KPT_U64("vmlinux"),
};

static struct kpatch_dynrela kpp_dynrelas[] KPP_SEC(".kpatch.dynrelas") = {
	{ .dest = KPT_U64(&kpp_key_field), .symbol = KPT_U64(&kpp_sym_key), .addend = 8,
	  .type = R_X86_64_PC64, .flags = KPATCH_DYNRELA_EARLY },
};

KPP_FUNC_SYMBOL(kpt_calc);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_calc, kpp_calc, KPATCH_FUNC_ENTRY_PAD),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), kpp_dynrelas, ARRAY_SIZE(kpp_dynrelas), NULL, 0);
