// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_shadow.ko - kpt_answer() returns 100 + the number of calls so far,
 * counted in a shadow variable attached to kpt_answer (any object would
 * do) with the kernel's klp_shadow_*() API, which patch code uses
 * directly.  Unloading frees every shadow variable of its id.
 */
#include <linux/livepatch.h>
#include "kpp.h"

#define KPP_SHADOW_ID 0x6b707031

static int kpp_shadow_ctor(void *obj, void *shadow_data, void *ctor_data)
{
	*(int *)shadow_data = 0;
	return 0;
}

static noinline int kpp_answer(void)
{
	int *calls = klp_shadow_get_or_alloc((void *)kpp_answer, KPP_SHADOW_ID, sizeof(*calls),
					     GFP_KERNEL, kpp_shadow_ctor, NULL);

	if (!calls)
		return -ENOMEM;
	return 100 + ++*calls;
}

static void kpp_shadow_unload(struct klp_object *obj)
{
	klp_shadow_free_all(KPP_SHADOW_ID, NULL);
}

static struct kpatch_hook kpp_hooks[] KPP_SEC(".kpatch.hooks") = {
	{ .fn = KPT_U64(kpp_shadow_unload), .objname = KPT_U64(KPP_TARGET),
	  .kind = KPATCH_HOOK_POST_UNPATCH },
};

KPP_FUNC_SYMBOL(kpt_answer);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_answer, kpp_answer, 0),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, kpp_hooks, ARRAY_SIZE(kpp_hooks));
