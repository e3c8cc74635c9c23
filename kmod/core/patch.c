// SPDX-License-Identifier: GPL-2.0
/*
 * patch.c - enable and disable a whole patch.
 *
 * Enabling loads every target object present now (modules not loaded
 * are deferred to the module notifier), runs pre-patch hooks (a veto
 * aborts, the objects already asked get their post-unpatch hook), takes
 * a reference on the patch module (an enabled patch cannot be removed)
 * and switches.  An atomic-replace patch also switches out every other
 * enabled patch in the same transition.  Disabling is the mirror image.
 * All with kp_mutex held.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/panic.h>
#include "core.h"
#include "hooks.h"
#include "objects.h"
#include "patch.h"
#include "transition.h"

static void kp_post_unpatch_upto(struct kp_patch *patch, struct kp_object *upto)
{
	struct kp_object *obj;

	list_for_each_entry(obj, &patch->objects, node) {
		if (obj == upto)
			break;
		if (obj->loaded)
			kp_run_hooks(patch, obj, KPATCH_HOOK_POST_UNPATCH);
	}
}

static int kp_load_present(struct kp_patch *patch)
{
	struct kp_object *obj;
	int ret;

	list_for_each_entry(obj, &patch->objects, node) {
		if (obj->loaded || !kp_object_present(obj))
			continue;
		ret = kp_object_load(obj);
		if (ret)
			return ret;
	}
	return 0;
}

static int kp_pre_patch(struct kp_patch *patch)
{
	struct kp_object *obj;
	int ret;

	list_for_each_entry(obj, &patch->objects, node) {
		if (!obj->loaded)
			continue;
		ret = kp_run_hooks(patch, obj, KPATCH_HOOK_PRE_PATCH);
		if (ret) {
			kp_post_unpatch_upto(patch, obj);
			return ret;
		}
		obj->want = true;
	}
	return 0;
}

/* An atomic-replace patch switches every other enabled patch out. */
static void kp_want_replaced_off(struct kp_patch *patch)
{
	struct kp_patch *other;
	struct kp_object *obj;

	if (!(patch->abi->flags & KPATCH_PATCH_REPLACE))
		return;
	list_for_each_entry(other, &kp_patches, node) {
		if (other == patch || !other->enabled)
			continue;
		list_for_each_entry(obj, &other->objects, node)
			obj->want = false;
	}
}

static void kp_release_replaced(struct kp_patch *patch)
{
	struct kp_patch *other;

	if (!(patch->abi->flags & KPATCH_PATCH_REPLACE))
		return;
	list_for_each_entry(other, &kp_patches, node) {
		if (other == patch || !other->enabled)
			continue;
		other->enabled = false;
		module_put(other->mod);
		pr_info("%s: replaced by %s\n", other->mod->name, patch->mod->name);
	}
}

int kp_enable(struct kp_patch *patch)
{
	struct kp_object *obj;
	int ret;

	if (patch->enabled)
		return 0;
	ret = kp_load_present(patch);
	if (ret)
		return ret;
	if (!try_module_get(patch->mod))
		return -ENODEV;
	ret = kp_pre_patch(patch);
	if (ret)
		goto put;
	kp_want_replaced_off(patch);
	ret = kp_transition(patch, "patch");
	if (ret) {
		kp_post_unpatch_upto(patch, NULL);
		goto put;
	}
	kp_release_replaced(patch);
	patch->enabled = true;
	add_taint(TAINT_LIVEPATCH, LOCKDEP_STILL_OK);
	list_for_each_entry(obj, &patch->objects, node) {
		if (!obj->applied)
			continue;
		kp_run_hooks(patch, obj, KPATCH_HOOK_POST_PATCH);
		kp_run_hooks(patch, obj, KPATCH_HOOK_LOAD);
	}
	return 0;
put:
	module_put(patch->mod);
	return ret;
}

int kp_disable(struct kp_patch *patch)
{
	struct kp_object *obj;
	int ret;

	if (!patch->enabled)
		return 0;
	list_for_each_entry(obj, &patch->objects, node) {
		obj->switched = obj->applied;
		if (!obj->applied)
			continue;
		kp_run_hooks(patch, obj, KPATCH_HOOK_UNLOAD);
		kp_run_hooks(patch, obj, KPATCH_HOOK_PRE_UNPATCH);
		obj->want = false;
	}
	ret = kp_transition(patch, "unpatch");
	if (ret)
		return ret;
	list_for_each_entry(obj, &patch->objects, node)
		if (obj->switched)
			kp_run_hooks(patch, obj, KPATCH_HOOK_POST_UNPATCH);
	patch->enabled = false;
	module_put(patch->mod);
	return 0;
}
