// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_calc.ko - kpt_calc(x) returns 3x instead of 2x (the stress test).
 * Cumulative, as kpp_calc_b.ko (4x): enabling either replaces the other.
 */
#include "kpp.h"

static noinline KPP_ENTRY_PAD long kpp_calc(long x)
{
	return 3 * x;
}

KPP_FUNC_SYMBOL(kpt_calc);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_calc, kpp_calc, KPATCH_FUNC_ENTRY_PAD),
};
KPP_PATCH(KPATCH_PATCH_REPLACE, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
