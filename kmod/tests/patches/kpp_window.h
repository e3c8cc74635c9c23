/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpp_window.h - kpp_window<N>.ko patches kpt_many_0 .. kpt_many_<N-1>
 * (kpt_window.c) to return x + i + 1000: the stop_machine window of a
 * patch of N functions (bench/stop-window).  The includer defines
 * KPP_WINDOW_N as 1, 10 or 100.
 */
#include "kpp.h"

#define KPP_NEW(i)								\
	static noinline KPP_ENTRY_PAD long kpp_many_##i(long x)		\
	{									\
		return x + i + 1000;						\
	}									\
	KPP_FUNC_SYMBOL(kpt_many_##i);
#define KPP_ENTRY(i) KPP_FUNC(kpt_many_##i, kpp_many_##i, KPATCH_FUNC_ENTRY_PAD),
#define KPP_TENS(X, t) X(t##0) X(t##1) X(t##2) X(t##3) X(t##4) X(t##5) X(t##6) X(t##7) X(t##8) X(t##9)
#define KPP_UNITS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9)

#if KPP_WINDOW_N == 1
#define KPP_ALL(X) X(0)
#elif KPP_WINDOW_N == 10
#define KPP_ALL(X) KPP_UNITS(X)
#elif KPP_WINDOW_N == 100
#define KPP_ALL(X) KPP_UNITS(X) KPP_TENS(X, 1) KPP_TENS(X, 2) KPP_TENS(X, 3) KPP_TENS(X, 4) \
	KPP_TENS(X, 5) KPP_TENS(X, 6) KPP_TENS(X, 7) KPP_TENS(X, 8) KPP_TENS(X, 9)
#else
#error "KPP_WINDOW_N must be 1, 10 or 100"
#endif

KPP_ALL(KPP_NEW)
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_ALL(KPP_ENTRY)
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
