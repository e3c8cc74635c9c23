// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_sleep.ko - replaces kpt_wait_here(), where kpt_sleeper sleeps: the
 * activeness check must refuse it while the thread is there.
 * kpp_sleep_force.ko is the same patch marked force-unsafe.
 */
#include <linux/wait.h>
#include "kpp.h"

#ifndef KPP_FLAGS
#define KPP_FLAGS 0
#endif

static unsigned long kpp_naps;

/*
 * Never reached by the sleeper already inside the old version: naps and
 * returns.  The count after the nap keeps its frame (no tail call), so a
 * task sleeping here has the replacement on its stack (core-jump).
 */
static noinline void kpp_wait_here(void)
{
	schedule_timeout_interruptible(HZ / 10);
	WRITE_ONCE(kpp_naps, kpp_naps + 1);
}

KPP_FUNC_SYMBOL(kpt_wait_here);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_wait_here, kpp_wait_here, KPP_FLAGS),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);
