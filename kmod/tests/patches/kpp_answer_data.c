// SPDX-License-Identifier: GPL-2.0
/* kpp_answer.ko - kpt_answer() returns 2 instead of 1. */
#include "kpp.h"

static noinline KPP_ENTRY_PAD int kpp_answer(void)
{
	return 2;
}

KPP_FUNC_SYMBOL(kpt_answer);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_answer, kpp_answer, KPATCH_FUNC_ENTRY_PAD),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
