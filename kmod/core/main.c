// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - kpatch.ko: module init/exit and the register/unregister API.
 *
 * kpatch_register() checks the patch's .kpatch.* contents and kernel
 * release, builds the kp_patch model (one kp_object per target object
 * named by a function, dynrela or hook), enables it and publishes it in
 * sysfs.  Everything is serialised by kp_mutex.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include "core.h"
#include "check.h"
#include "direct.h"
#include "early.h"
#include "ksym.h"
#include "objects.h"
#include "patch.h"
#include "redirect.h"
#include "route.h"
#include "sysfs.h"
#include "verify.h"
#include "jump.h"
#include "livepatch.h"
#include "kpatch.h"
#include "ran.h"

DEFINE_MUTEX(kp_mutex);
LIST_HEAD(kp_patches);
static u64 kp_seq;

static struct kp_object *kp_get_object(struct kp_patch *patch, const char *name)
{
	struct kp_object *obj;

	list_for_each_entry(obj, &patch->objects, node)
		if (!strcmp(obj->name, name))
			return obj;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;
	obj->patch = patch;
	obj->name = name;
	obj->klp.name = strcmp(name, KPATCH_VMLINUX) ? name : NULL;
	list_add_tail(&obj->node, &patch->objects);
	return obj;
}

static const char *kp_sym_objname(u64 sym)
{
	return kp_str(((const struct kpatch_symbol *)(unsigned long)sym)->objname);
}

/* One object per name a function, dynrela or hook mentions. */
static int kp_build_objects(struct kp_patch *patch)
{
	const struct kpatch_patch *abi = patch->abi;
	const struct kpatch_dynrela *d = (const void *)(unsigned long)abi->dynrelas;
	const struct kpatch_hook *h = (const void *)(unsigned long)abi->hooks;
	struct kp_object *obj;
	u32 i;

	for (i = 0; i < abi->nr_dynrelas; i++)
		if (!kp_get_object(patch, kp_sym_objname(d[i].symbol)))
			return -ENOMEM;
	for (i = 0; i < abi->nr_hooks; i++)
		if (!kp_get_object(patch, kp_str(h[i].objname)))
			return -ENOMEM;
	for (i = 0; i < abi->nr_funcs; i++) {
		obj = kp_get_object(patch, kp_sym_objname(patch->funcs[i].abi->symbol));
		if (!obj)
			return -ENOMEM;
		patch->funcs[i].obj = obj;
		obj->nr_funcs++;
	}
	list_for_each_entry(obj, &patch->objects, node) {
		obj->funcs = kcalloc(obj->nr_funcs, sizeof(*obj->funcs), GFP_KERNEL);
		if (obj->nr_funcs && !obj->funcs)
			return -ENOMEM;
		obj->nr_funcs = 0;
	}
	for (i = 0; i < abi->nr_funcs; i++) {
		obj = patch->funcs[i].obj;
		obj->funcs[obj->nr_funcs++] = &patch->funcs[i];
	}
	return 0;
}

static void kp_patch_free(struct kp_patch *patch)
{
	struct kp_object *obj, *tmp;

	list_for_each_entry_safe(obj, tmp, &patch->objects, node) {
		if (obj->held)
			module_put(obj->mod);
		kfree(obj->funcs);
		kfree(obj);
	}
	kvfree(patch->funcs);
	kvfree(patch->dynrela_done);
	kfree(patch);
}

/* new_size 0 in the ABI: the size kallsyms gives the replacement. */
static int kp_replacement_size(struct kp_func *fn)
{
	unsigned long off;

	if (!kp_kernel.lookup_size_offset(fn->new_addr, &fn->new_size, &off) || off ||
	    !fn->new_size) {
		pr_err("replacement of %s at %pS has no size in kallsyms\n", fn->name,
		       (void *)fn->new_addr);
		return -EINVAL;
	}
	return 0;
}

static struct kp_patch *kp_patch_alloc(struct module *owner, struct kpatch_patch *abi)
{
	const struct kpatch_func *f = (const void *)(unsigned long)abi->funcs;
	struct kp_patch *patch;
	u32 i;

	int ret = -ENOMEM;

	patch = kzalloc(sizeof(*patch), GFP_KERNEL);
	if (!patch)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&patch->objects);
	patch->mod = owner;
	patch->abi = abi;
	patch->funcs = kvcalloc(abi->nr_funcs, sizeof(*patch->funcs), GFP_KERNEL);
	patch->dynrela_done = kvcalloc(abi->nr_dynrelas, sizeof(bool), GFP_KERNEL);
	if ((abi->nr_funcs && !patch->funcs) || (abi->nr_dynrelas && !patch->dynrela_done))
		goto fail;
	/* Early dynrelas were written as the module came (early.c). */
	for (i = 0; i < abi->nr_dynrelas; i++)
		patch->dynrela_done[i] = kp_dynrela_is_early(abi, i);
	for (i = 0; i < abi->nr_funcs; i++) {
		struct kp_func *fn = &patch->funcs[i];

		kp_func_from_abi(fn, &f[i]);
		fn->new_addr = f[i].new_addr;
		fn->new_size = f[i].new_size;
		fn->force = f[i].flags & KPATCH_FUNC_FORCE_UNSAFE;
		if (f[i].flags & KPATCH_FUNC_ENTRY_PAD)
			fn->entry = kp_entry_stub_write(fn->new_addr);
		if (!fn->new_size) {
			ret = kp_replacement_size(fn);
			if (ret)
				goto fail;
		}
	}
	ret = kp_build_objects(patch);
	if (ret)
		goto fail;
	return patch;
fail:
	kp_patch_free(patch);
	return ERR_PTR(ret);
}

static struct kp_patch *kp_find_patch(const struct kpatch_patch *abi)
{
	struct kp_patch *patch;

	list_for_each_entry(patch, &kp_patches, node)
		if (patch->abi == abi)
			return patch;
	return NULL;
}

int kpatch_register(struct module *owner, struct kpatch_patch *abi)
{
	struct kp_patch *patch;
	int ret;

	if (!owner || !abi)
		return -EINVAL;
	mutex_lock(&kp_mutex);
	ret = kp_check_abi(owner, abi);
	if (ret)
		goto unlock;
	ret = -EEXIST;
	if (kp_find_patch(abi))
		goto unlock;
	patch = kp_patch_alloc(owner, abi);
	if (IS_ERR(patch)) {
		ret = PTR_ERR(patch);
		goto unlock;
	}
	ret = kp_verify_release(patch);
	if (ret)
		goto free;
	patch->seq = ++kp_seq;
	list_add_tail(&patch->node, &kp_patches);
	ret = kp_enable(patch);
	if (ret)
		goto unlist;
	ret = kp_sysfs_add(patch);
	if (ret) {
		pr_err("%s: cannot create its sysfs directory: %d\n", owner->name, ret);
		if (kp_disable(patch))
			goto pinned;
		kp_sysfs_del(patch);
		goto unlist;
	}
	mutex_unlock(&kp_mutex);
	return 0;
unlist:
	list_del(&patch->node);
	kp_ftrace_disarm_unused();
free:
	kp_patch_free(patch);
unlock:
	mutex_unlock(&kp_mutex);
	if (ret)
		pr_err("%s: patch not applied: %d\n", owner->name, ret);
	return ret;
pinned:
	/* Still live and unremovable: leave it registered rather than freed under use. */
	mutex_unlock(&kp_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(kpatch_register);

void kpatch_unregister(struct kpatch_patch *abi)
{
	struct kp_patch *patch;

	mutex_lock(&kp_mutex);
	patch = kp_find_patch(abi);
	if (patch && WARN_ON(patch->enabled))
		kp_disable(patch);
	if (patch) {
		list_del(&patch->node);
		kp_ftrace_disarm_unused();
	}
	mutex_unlock(&kp_mutex);
	if (!patch)
		return;
	/* Outside kp_mutex: removal waits for sysfs writers, who take it. */
	kp_sysfs_del(patch);
	kp_patch_free(patch);
}
EXPORT_SYMBOL_GPL(kpatch_unregister);

static int __init kpatch_init(void)
{
	int ret;

	ret = kp_kernel_init();
	if (ret)
		return ret;
	kp_livepatch_init();
	kp_ran_init();
	ret = kp_jump_init();
	if (ret)
		goto ran;
	ret = kp_ftrace_init();
	if (ret)
		goto jump;
	ret = kp_sysfs_init();
	if (ret)
		goto ftrace;
	ret = kp_module_notifier_init();
	if (ret)
		goto sysfs;
	ret = kp_early_init();
	if (ret)
		goto notifier;
	return 0;
notifier:
	kp_module_notifier_exit();
sysfs:
	kp_sysfs_exit();
ftrace:
	kp_settle_cancel();
	kp_ftrace_exit();
jump:
	kp_jump_exit();
ran:
	kp_ran_exit();
	return ret;
}

static void __exit kpatch_exit(void)
{
	kp_early_exit();
	kp_module_notifier_exit();
	kp_sysfs_exit();
	/* route.c's settle work uses the ftrace state freed next. */
	kp_settle_cancel();
	kp_ftrace_exit();
	kp_jump_exit();
	kp_ran_exit();
}

module_init(kpatch_init);
module_exit(kpatch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch core: atomic live patching with ftrace and stop_machine");
