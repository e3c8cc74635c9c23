// SPDX-License-Identifier: GPL-2.0
/*
 * switch.c - the one sequence that moves objects in or out, whether a
 * whole patch is enabled or disabled (patch.c) or a target module comes
 * or goes (objects.c), as livepatch runs the same callbacks around every
 * transition:
 *
 *   in:  pre-patch hooks (a veto stops it: the objects already asked get
 *        their post-unpatch hook), the transition, then post-patch and
 *        load hooks of each object now applied;
 *   out: unload and pre-unpatch hooks, the transition, then post-unpatch
 *        hooks.
 *
 * Which objects: a kp_switch_set's in() over every registered patch's
 * loaded objects.  All under kp_mutex.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include "core.h"
#include "hooks.h"
#include "switch.h"
#include "transition.h"

#define for_each_set_obj(set, patch, obj)					\
	list_for_each_entry(patch, &kp_patches, node)				\
		list_for_each_entry(obj, &patch->objects, node)			\
			if (!obj->loaded || !(set)->in(patch, obj, (set)->arg)) {} else

/* Post-unpatch hooks of the set's objects before upto (all: NULL). */
static void kp_post_unpatch_upto(const struct kp_switch_set *set, struct kp_object *upto)
{
	struct kp_patch *patch;
	struct kp_object *obj;

	for_each_set_obj(set, patch, obj) {
		if (obj == upto)
			return;
		kp_run_hooks(patch, obj, KPATCH_HOOK_POST_UNPATCH);
	}
}

/* Pre-patch hooks, each object wanted once its hooks agreed; the first patch, or NULL. */
static struct kp_patch *kp_pre_patch(const struct kp_switch_set *set, int *ret)
{
	struct kp_patch *patch, *first = NULL;
	struct kp_object *obj;

	for_each_set_obj(set, patch, obj) {
		*ret = kp_run_hooks(patch, obj, KPATCH_HOOK_PRE_PATCH);
		if (*ret) {
			kp_post_unpatch_upto(set, obj);
			return NULL;
		}
		obj->want = true;
		first = first ?: patch;
	}
	return first;
}

/* An atomic-replace patch switches every other enabled patch out. */
static void kp_want_replaced_off(struct kp_patch *replacing)
{
	struct kp_patch *other;
	struct kp_object *obj;

	list_for_each_entry(other, &kp_patches, node) {
		if (other == replacing || !other->enabled)
			continue;
		list_for_each_entry(obj, &other->objects, node)
			obj->want = false;
	}
}

static void kp_release_replaced(struct kp_patch *replacing)
{
	struct kp_patch *other;

	list_for_each_entry(other, &kp_patches, node) {
		if (other == replacing || !other->enabled)
			continue;
		other->enabled = false;
		module_put(other->mod);
		pr_info("%s: replaced by %s\n", other->mod->name, replacing->mod->name);
	}
}

/*
 * Switch the set's objects in.  enabling: the patch being enabled, which
 * switches even with no object loaded yet (an atomic-replace patch still
 * takes every other enabled patch out), or NULL: a module coming.
 */
int kp_switch_in(const struct kp_switch_set *set, struct kp_patch *enabling, const char *what)
{
	struct kp_patch *replacing = NULL, *patch, *first;
	struct kp_object *obj;
	int ret = 0;

	first = kp_pre_patch(set, &ret) ?: enabling;
	if (ret || !first)
		return ret;
	if (enabling && (enabling->abi->flags & KPATCH_PATCH_REPLACE))
		replacing = enabling;
	if (replacing)
		kp_want_replaced_off(replacing);
	ret = kp_transition(first, what);
	if (ret) {
		kp_post_unpatch_upto(set, NULL);
		return ret;
	}
	if (replacing)
		kp_release_replaced(replacing);
	for_each_set_obj(set, patch, obj) {
		if (!obj->applied)
			continue;
		kp_run_hooks(patch, obj, KPATCH_HOOK_POST_PATCH);
		kp_run_hooks(patch, obj, KPATCH_HOOK_LOAD);
	}
	return 0;
}

/*
 * Switch the set's applied objects out.  going: their module is going,
 * so the activeness check skips them and their post-unpatch hooks run
 * even if the switch failed (the code leaves anyway).
 */
int kp_switch_out(const struct kp_switch_set *set, const char *what, bool going)
{
	struct kp_patch *patch, *first = NULL;
	struct kp_object *obj;
	int ret;

	for_each_set_obj(set, patch, obj) {
		obj->switched = obj->applied;
		if (!obj->applied)
			continue;
		kp_run_hooks(patch, obj, KPATCH_HOOK_UNLOAD);
		kp_run_hooks(patch, obj, KPATCH_HOOK_PRE_UNPATCH);
		obj->want = false;
		obj->going = going;
		first = first ?: patch;
	}
	ret = first ? kp_transition(first, what) : 0;
	for_each_set_obj(set, patch, obj) {
		if (obj->switched && (!ret || going))
			kp_run_hooks(patch, obj, KPATCH_HOOK_POST_UNPATCH);
		obj->switched = false;
		obj->going = false;
	}
	return ret;
}
