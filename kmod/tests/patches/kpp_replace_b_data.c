// SPDX-License-Identifier: GPL-2.0
/* kpp_replace_b.ko - cumulative patch B: kpt_answer() returns 20, nothing else. */
#include "kpp.h"

static noinline KPP_ENTRY_PAD int kpp_answer_b(void)
{
	return 20;
}

KPP_FUNC_SYMBOL(kpt_answer);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_answer, kpp_answer_b, KPATCH_FUNC_ENTRY_PAD),
};
KPP_PATCH(KPATCH_PATCH_REPLACE, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
