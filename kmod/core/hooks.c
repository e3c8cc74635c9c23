// SPDX-License-Identifier: GPL-2.0
/*
 * hooks.c - run a patch's callbacks for one object.
 *
 * A hook runs for the object named in it, in the order of .kpatch.hooks,
 * in process context around the switch, never inside stop_machine(): it
 * may sleep (running sleeping hooks there deadlocked kpatch, issues #1077
 * and #1120).  Pre/post hooks receive a struct klp_object whose name is the
 * object's (NULL for vmlinux, as livepatch does; the rest is zero), the
 * patch_object of kmod/patch/kpatch-macros.h.  Pre-patch hooks may veto
 * with a non-zero return; the first veto stops the run.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include "core.h"
#include "check.h"
#include "hooks.h"

typedef int (*kp_pre_fn)(void *obj);
typedef void (*kp_post_fn)(void *obj);
typedef void (*kp_load_fn)(void);

int kp_run_hooks(struct kp_patch *patch, struct kp_object *obj, u32 kind)
{
	const struct kpatch_hook *h = (const void *)(unsigned long)patch->abi->hooks;
	void *arg = &obj->klp;
	u32 i;
	int ret;

	for (i = 0; i < patch->abi->nr_hooks; i++, h++) {
		if (h->kind != kind || strcmp(kp_str(h->objname), obj->name))
			continue;
		switch (kind) {
		case KPATCH_HOOK_PRE_PATCH:
			ret = ((kp_pre_fn)(unsigned long)h->fn)(arg);
			if (ret) {
				pr_err("%s: pre-patch hook %ps for %s vetoed patching: %d\n",
				       patch->mod->name, (void *)(unsigned long)h->fn,
				       obj->name, ret);
				return ret > 0 ? -ECANCELED : ret;
			}
			break;
		case KPATCH_HOOK_LOAD:
		case KPATCH_HOOK_UNLOAD:
			((kp_load_fn)(unsigned long)h->fn)();
			break;
		default:
			((kp_post_fn)(unsigned long)h->fn)(arg);
			break;
		}
	}
	return 0;
}
