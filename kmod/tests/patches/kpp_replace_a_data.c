// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_replace_a.ko - cumulative (atomic replace) patch A: kpt_answer()
 * returns 10 and kpt_count_b() 7777.  kpp_replace_b.ko (patch B) patches
 * kpt_answer() only: replacing A by B must revert kpt_count_b().
 */
#include "kpp.h"

static noinline KPP_ENTRY_PAD int kpp_answer_a(void)
{
	return 10;
}

static noinline unsigned long kpp_count_b_a(void)
{
	return 7777;
}

KPP_FUNC_SYMBOL(kpt_answer);
KPP_FUNC_SYMBOL(kpt_count_b);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_answer, kpp_answer_a, KPATCH_FUNC_ENTRY_PAD),
	KPP_FUNC(kpt_count_b, kpp_count_b_a, 0),
};
KPP_PATCH(KPATCH_PATCH_REPLACE, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
