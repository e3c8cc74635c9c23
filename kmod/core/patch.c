// SPDX-License-Identifier: GPL-2.0
/*
 * patch.c - enable and disable a whole patch.
 *
 * Enabling loads every target object present now (modules not loaded
 * are deferred to the module notifier), takes a reference on the patch
 * module (an enabled patch cannot be removed) and switches its objects in
 * (switch.c: hooks around one transition; an atomic-replace patch also
 * switches out every other enabled patch in it).  Disabling is the mirror
 * image.  All with kp_mutex held.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/panic.h>
#include "core.h"
#include "objects.h"
#include "patch.h"
#include "switch.h"

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

static bool kp_of_patch(const struct kp_patch *patch, const struct kp_object *obj,
			const void *which)
{
	return patch == which;
}

int kp_enable(struct kp_patch *patch)
{
	const struct kp_switch_set set = { kp_of_patch, patch };
	int ret;

	if (patch->enabled)
		return 0;
	ret = kp_load_present(patch);
	if (ret)
		return ret;
	if (!try_module_get(patch->mod))
		return -ENODEV;
	ret = kp_switch_in(&set, patch, "patch");
	if (ret) {
		module_put(patch->mod);
		return ret;
	}
	patch->enabled = true;
	add_taint(TAINT_LIVEPATCH, LOCKDEP_STILL_OK);
	return 0;
}

int kp_disable(struct kp_patch *patch)
{
	const struct kp_switch_set set = { kp_of_patch, patch };
	int ret;

	if (!patch->enabled)
		return 0;
	ret = kp_switch_out(&set, "unpatch", false);
	if (ret)
		return ret;
	patch->enabled = false;
	module_put(patch->mod);
	return 0;
}
