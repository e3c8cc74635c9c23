// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_badbytes.ko - claims kpt_answer()'s original code returned 5 (byte 6,
 * the immediate of `mov $1, %eax`, recorded as 5): as if built from other
 * source.  The core must refuse it, naming kpt_answer and offset 0x6.
 */
#include "kpp.h"

static noinline int kpp_answer(void)
{
	return 2;
}

static u8 kpp_other_orig[] KPP_SEC(".kpatch.orig") = { KPT_BYTES_kpt_answer, [6] = 0x05 };
KPP_FUNC_SYMBOL(kpt_answer);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	{
		.new_addr = KPT_U64(kpp_answer), .symbol = KPT_U64(&kpp_sym_kpt_answer),
		.orig_code = KPT_U64(kpp_other_orig), .masks = KPT_U64(kpt_masks_kpt_answer),
		.nr_masks = KPT_NR_MASKS_kpt_answer,
	},
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);

