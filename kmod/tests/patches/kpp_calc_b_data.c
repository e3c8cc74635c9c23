// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_calc_b.ko - cumulative: kpt_calc(x) returns 4x.  Enabling it
 * replaces kpp_calc.ko (3x) in one switch, and the other way round: the
 * stress test's A->B->A under callers on every CPU.
 */
#include "kpp.h"

static noinline KPP_ENTRY_PAD long kpp_calc_b(long x)
{
	return 4 * x;
}

KPP_FUNC_SYMBOL(kpt_calc);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_calc, kpp_calc_b, KPATCH_FUNC_ENTRY_PAD),
};
KPP_PATCH(KPATCH_PATCH_REPLACE, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
