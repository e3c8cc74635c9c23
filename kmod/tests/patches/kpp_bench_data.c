// SPDX-License-Identifier: GPL-2.0
/* kpp_bench.ko - kpt_bench_fn() replaced by the same code: times redirection alone. */
#include "kpp.h"

static noinline KPP_ENTRY_PAD long kpp_bench_fn(long x)
{
	return x + 1;
}

KPP_FUNC_SYMBOL(kpt_bench_fn);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_bench_fn, kpp_bench_fn, KPATCH_FUNC_ENTRY_PAD),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
