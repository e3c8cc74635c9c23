// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_hooks.ko - kpt_answer() returns 4; every hook kind for kpt_target
 * appends its name to the `log` parameter (/sys/module/kpp_hooks/
 * parameters/log) and the kernel log.  veto=1 makes pre-patch refuse.
 */
#include <linux/livepatch.h>
#include "kpp.h"

static bool veto;
module_param(veto, bool, 0644);
static char log_buf[512];
static struct kparam_string log_param = { .maxlen = sizeof(log_buf), .string = log_buf };
module_param_cb(log, &param_ops_string, &log_param, 0444);

static void kpp_note(const char *what, struct klp_object *obj)
{
	pr_info("kpp_hooks: %s %s\n", what, obj ? obj->name : "-");
	if (*log_buf)
		strlcat(log_buf, " ", sizeof(log_buf));
	strlcat(log_buf, what, sizeof(log_buf));
}

static noinline int kpp_answer(void)
{
	return 4;
}

static int kpp_pre_patch(struct klp_object *obj)
{
	kpp_note("pre-patch", obj);
	return veto ? -EPERM : 0;
}

static void kpp_post_patch(struct klp_object *obj)
{
	kpp_note("post-patch", obj);
}

static void kpp_pre_unpatch(struct klp_object *obj)
{
	kpp_note("pre-unpatch", obj);
}

static void kpp_post_unpatch(struct klp_object *obj)
{
	kpp_note("post-unpatch", obj);
}

static void kpp_load(void)
{
	kpp_note("load", NULL);
}

static void kpp_unload(void)
{
	kpp_note("unload", NULL);
}

#define KPP_HOOK(f, k) { .fn = KPT_U64(f), .objname = KPT_U64(KPP_TARGET), .kind = (k) }
static struct kpatch_hook kpp_hooks[] KPP_SEC(".kpatch.hooks") = {
	KPP_HOOK(kpp_pre_patch, KPATCH_HOOK_PRE_PATCH),
	KPP_HOOK(kpp_post_patch, KPATCH_HOOK_POST_PATCH),
	KPP_HOOK(kpp_pre_unpatch, KPATCH_HOOK_PRE_UNPATCH),
	KPP_HOOK(kpp_post_unpatch, KPATCH_HOOK_POST_UNPATCH),
	KPP_HOOK(kpp_load, KPATCH_HOOK_LOAD),
	KPP_HOOK(kpp_unload, KPATCH_HOOK_UNLOAD),
};

KPP_FUNC_SYMBOL(kpt_answer);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_answer, kpp_answer, 0),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, kpp_hooks, ARRAY_SIZE(kpp_hooks));
