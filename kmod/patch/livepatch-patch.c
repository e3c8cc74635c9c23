// SPDX-License-Identifier: GPL-2.0
/*
 * livepatch-patch.c - the init/exit glue of a livepatch-format patch
 * module (kpatch-build --format klp): no kpatch.ko, the kernel's own
 * livepatch applies it.
 *
 * kpatch-link's object, linked into the same module, holds the
 * replacement functions, the livepatch relocations (.klp.rela.*) the
 * kernel resolves itself, and the tables of include/kpatch/klp.h; init
 * turns those tables into a struct klp_patch and enables it.  Callbacks
 * (kpatch-macros.h) run as the klp_object's callbacks: a LOAD hook after
 * the object's post-patch callbacks, an UNLOAD hook before its pre-unpatch
 * ones, as kpatch.ko runs them.
 */
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <kpatch/klp.h>

#include "livepatch-relocs.h"

extern struct kpatch_klp_patch __kpatch_klp_patch;

static struct klp_patch klp_patch;

#define KLP_PTR(field) ((void *)(unsigned long)(field))

static const char *klp_objname(const struct klp_object *obj)
{
	return obj->name ? obj->name : KPATCH_VMLINUX;
}

/* Runs the hooks of one kind registered for obj; stops at a failing one. */
static int run_hooks(struct klp_object *obj, u32 kind)
{
	const struct kpatch_klp_patch *p = &__kpatch_klp_patch;
	const struct kpatch_hook *hooks = KLP_PTR(p->hooks);
	u32 i;
	int ret;

	for (i = 0; i < p->nr_hooks; i++) {
		if (hooks[i].kind != kind || strcmp(KLP_PTR(hooks[i].objname), klp_objname(obj)))
			continue;
		switch (kind) {
		case KPATCH_HOOK_PRE_PATCH:
			ret = ((int (*)(struct klp_object *))KLP_PTR(hooks[i].fn))(obj);
			if (ret)
				return ret;
			break;
		case KPATCH_HOOK_LOAD:
		case KPATCH_HOOK_UNLOAD:
			((void (*)(void))KLP_PTR(hooks[i].fn))();
			break;
		default:
			((void (*)(struct klp_object *))KLP_PTR(hooks[i].fn))(obj);
		}
	}
	return 0;
}

static int pre_patch(struct klp_object *obj)
{
	return run_hooks(obj, KPATCH_HOOK_PRE_PATCH);
}

static void post_patch(struct klp_object *obj)
{
	run_hooks(obj, KPATCH_HOOK_POST_PATCH);
	run_hooks(obj, KPATCH_HOOK_LOAD);
}

static void pre_unpatch(struct klp_object *obj)
{
	run_hooks(obj, KPATCH_HOOK_UNLOAD);
	run_hooks(obj, KPATCH_HOOK_PRE_UNPATCH);
}

static void post_unpatch(struct klp_object *obj)
{
	run_hooks(obj, KPATCH_HOOK_POST_UNPATCH);
	klp_relocs_clear(obj->name);
}

static void free_objects(struct klp_object *objs)
{
	struct klp_object *obj;

	if (!objs)
		return;
	for (obj = objs; obj->funcs; obj++)
		kfree(obj->funcs);
	kfree(objs);
}

/* The funcs of object name, zero-terminated as livepatch wants them. */
static struct klp_func *object_funcs(const char *name)
{
	const struct kpatch_klp_patch *p = &__kpatch_klp_patch;
	const struct kpatch_klp_func *f = KLP_PTR(p->funcs);
	struct klp_func *funcs;
	u32 i, n = 0;

	funcs = kcalloc(p->nr_funcs + 1, sizeof(*funcs), GFP_KERNEL);
	if (!funcs)
		return NULL;
	for (i = 0; i < p->nr_funcs; i++) {
		if (strcmp(KLP_PTR(f[i].objname), name))
			continue;
		funcs[n].old_name = KLP_PTR(f[i].old_name);
		funcs[n].new_func = KLP_PTR(f[i].new_func);
		funcs[n].old_sympos = f[i].sympos;
		n++;
	}
	return funcs;
}

static struct klp_object *build_objects(void)
{
	const struct kpatch_klp_patch *p = &__kpatch_klp_patch;
	const struct kpatch_klp_object *o = KLP_PTR(p->objects);
	struct klp_object *objs;
	u32 i;

	objs = kcalloc(p->nr_objects + 1, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return NULL;
	for (i = 0; i < p->nr_objects; i++) {
		const char *name = KLP_PTR(o[i].name);

		objs[i].name = strcmp(name, KPATCH_VMLINUX) ? name : NULL;
		objs[i].funcs = object_funcs(name);
		if (!objs[i].funcs) {
			free_objects(objs);
			return NULL;
		}
		objs[i].callbacks.pre_patch = pre_patch;
		objs[i].callbacks.post_patch = post_patch;
		objs[i].callbacks.pre_unpatch = pre_unpatch;
		objs[i].callbacks.post_unpatch = post_unpatch;
	}
	return objs;
}

static int check_patch(const struct kpatch_klp_patch *p)
{
	const char *release = KLP_PTR(p->kernel_release);

	if (p->magic != KPATCH_KLP_MAGIC || p->version != KPATCH_KLP_VERSION) {
		pr_err("%s: not a livepatch-format table of this version (%u, want %u): rebuild "
		       "the patch with this kpatch-build\n", THIS_MODULE->name, p->version,
		       KPATCH_KLP_VERSION);
		return -EINVAL;
	}
	if (release && *release && strcmp(release, utsname()->release)) {
		pr_err("%s: built for kernel %s, this is %s: build the patch for this kernel\n",
		       THIS_MODULE->name, release, utsname()->release);
		return -EINVAL;
	}
	return 0;
}

static int __init livepatch_patch_init(void)
{
	const struct kpatch_klp_patch *p = &__kpatch_klp_patch;
	int ret;

	ret = check_patch(p);
	if (ret)
		return ret;
	klp_relocs_init();
	klp_patch.mod = THIS_MODULE;
	klp_patch.replace = p->flags & KPATCH_PATCH_REPLACE;
	klp_patch.objs = build_objects();
	if (!klp_patch.objs)
		return -ENOMEM;
	ret = klp_enable_patch(&klp_patch);
	if (ret)
		free_objects(klp_patch.objs);
	return ret;
}

static void __exit livepatch_patch_exit(void)
{
	free_objects(klp_patch.objs);
}

module_init(livepatch_patch_init);
module_exit(livepatch_patch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("live patch (kernel livepatch format)");
