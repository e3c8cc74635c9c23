// SPDX-License-Identifier: GPL-2.0
/*
 * objects.c - the life of one target object: load (resolve, verify,
 * write dynrelas), unload, and the module notifier that makes patches
 * follow their target modules.
 *
 * A module patched while not loaded is deferred: when it comes
 * (MODULE_STATE_COMING, after ftrace has made its call sites patchable
 * and before its init runs) every enabled patch for it is verified and
 * switched in (switch.c); a failure refuses the module's load.  When it
 * goes, its part of every patch is switched out (no activeness check: its exit has
 * run) and forgotten, so a reload is patched afresh.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/slab.h>
#include "core.h"
#include "check.h"
#include "dynrela.h"
#include "ksym.h"
#include "objects.h"
#include "jump.h"
#include "redirect.h"
#include "resolve.h"
#include "switch.h"
#include "verify.h"

int kp_load_funcs(struct kp_object *obj)
{
	struct kp_sym_req *reqs;
	unsigned int i;
	int ret;

	if (!obj->nr_funcs)
		return 0;
	reqs = kvcalloc(obj->nr_funcs, sizeof(*reqs), GFP_KERNEL);
	if (!reqs)
		return -ENOMEM;
	for (i = 0; i < obj->nr_funcs; i++)
		reqs[i].sym = obj->funcs[i]->sym;
	ret = kp_resolve(obj, reqs, obj->nr_funcs);
	for (i = 0; !ret && i < obj->nr_funcs; i++) {
		struct kp_func *f = obj->funcs[i];

		f->old_addr = reqs[i].addr;
		f->old_size = reqs[i].size;
		ret = kp_check_ftrace_site(f);
		if (ret)
			break;
		ret = kp_verify_func(f);
	}
	kvfree(reqs);
	return ret;
}

bool kp_object_present(struct kp_object *obj)
{
	struct module *mod;
	bool present;

	if (!strcmp(obj->name, KPATCH_VMLINUX))
		return true;
	preempt_disable();
	mod = kp_kernel.find_module(obj->name);
	present = mod && (mod->state == MODULE_STATE_LIVE ||
			  mod->state == MODULE_STATE_COMING);
	preempt_enable();
	if (present)
		obj->mod = mod;
	return present;
}

static bool kp_object_has_hooks(struct kp_object *obj)
{
	const struct kpatch_hook *h = (const void *)(unsigned long)obj->patch->abi->hooks;
	u32 i;

	for (i = 0; i < obj->patch->abi->nr_hooks; i++)
		if (!strcmp(kp_str(h[i].objname), obj->name))
			return true;
	return false;
}

/*
 * A module object without functions or hooks is one whose symbols the
 * patched code uses: kpatch-link makes every reference into a module a
 * dynrela, exports included, so that a patch can load before its target.
 * A patched module A that calls into module B depends on B, so B came
 * first and is loaded; unless the fix itself adds the call, in which case
 * B may be missing: refuse to patch A then, rather than run calls that
 * were never resolved.  Once resolved, B is held (a module reference,
 * as a module dependency would be) until the patch module goes, so it
 * cannot go while patched code may call into it.
 */
static int kp_load_deps(struct kp_object *obj)
{
	struct kp_object *dep;
	int ret;

	if (!obj->nr_funcs)
		return 0;
	list_for_each_entry(dep, &obj->patch->objects, node) {
		if (dep == obj || dep->nr_funcs || kp_object_has_hooks(dep))
			continue;
		if (!dep->loaded && !kp_object_present(dep)) {
			pr_err("%s: the patched code of %s uses symbols of module %s, which is not loaded; load %s first\n",
			       obj->patch->mod->name, obj->name, dep->name, dep->name);
			return -ENOENT;
		}
		ret = kp_object_load(dep);
		if (ret)
			return ret;
		if (dep->held || !dep->mod)
			continue;
		if (!try_module_get(dep->mod)) {
			pr_err("%s: module %s, whose symbols the patched code of %s uses, is going\n",
			       obj->patch->mod->name, dep->name, obj->name);
			return -ENOENT;
		}
		dep->held = true;
	}
	return 0;
}

int kp_object_load(struct kp_object *obj)
{
	int ret;

	if (obj->loaded)
		return 0;
	ret = kp_load_deps(obj);
	if (!ret)
		ret = kp_load_funcs(obj);
	if (!ret)
		ret = kp_write_dynrelas(obj->patch, obj);
	if (ret) {
		kp_object_unload(obj);
		return ret;
	}
	obj->loaded = true;
	return 0;
}

void kp_object_unload(struct kp_object *obj)
{
	unsigned int i;

	for (i = 0; i < obj->nr_funcs; i++) {
		obj->funcs[i]->old_addr = 0;
		obj->funcs[i]->old_size = 0;
	}
	kp_forget_dynrelas(obj->patch, obj->name);
	obj->loaded = false;
	if (obj->held)
		module_put(obj->mod);
	obj->held = false;
	obj->mod = NULL;
}

/* Each enabled patch's objects named after mod, called with kp_mutex held. */
#define for_each_obj_of(mod, patch, obj)				\
	list_for_each_entry(patch, &kp_patches, node)			\
		list_for_each_entry(obj, &patch->objects, node)		\
			if (strcmp(obj->name, (mod)->name)) {} else

/* An enabled patch's object for module name. */
static bool kp_of_module(const struct kp_patch *patch, const struct kp_object *obj,
			 const void *name)
{
	return patch->enabled && !strcmp(obj->name, name);
}

static void kp_unload_all_of(struct module *mod)
{
	struct kp_patch *patch;
	struct kp_object *obj;

	for_each_obj_of(mod, patch, obj)
		if (patch->enabled)
			kp_object_unload(obj);
}

static int kp_module_coming(struct module *mod)
{
	const struct kp_switch_set set = { kp_of_module, mod->name };
	struct kp_patch *patch;
	struct kp_object *obj;
	int ret;

	for_each_obj_of(mod, patch, obj) {
		if (!patch->enabled)
			continue;
		obj->mod = mod;
		ret = kp_object_load(obj);
		if (ret)
			goto unload;
	}
	ret = kp_switch_in(&set, NULL, "patch coming module");
	if (!ret)
		return 0;
unload:
	kp_unload_all_of(mod);
	return ret;
}

static void kp_module_going(struct module *mod)
{
	const struct kp_switch_set set = { kp_of_module, mod->name };
	struct kp_patch *patch;
	struct kp_object *obj;

	if (WARN_ON(kp_switch_out(&set, "unpatch going module", true)))
		pr_err("module %s goes while still patched\n", mod->name);
	for_each_obj_of(mod, patch, obj)
		kp_object_unload(obj);
	kp_ftrace_disarm_unused();
}

static bool kp_is_livepatch(const struct module *mod)
{
#ifdef CONFIG_LIVEPATCH
	return mod->klp;
#else
	return false;
#endif
}

static int kp_module_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct module *mod = data;
	int ret = 0;

	if (action == MODULE_STATE_LIVE && kp_is_livepatch(mod)) {
		mutex_lock(&kp_mutex);
		kp_jump_warn_livepatch();
		mutex_unlock(&kp_mutex);
	}
	if (action != MODULE_STATE_COMING && action != MODULE_STATE_GOING)
		return NOTIFY_OK;
	mutex_lock(&kp_mutex);
	if (action == MODULE_STATE_COMING) {
		ret = kp_module_coming(mod);
		if (ret)
			pr_err("refusing to load module %s: its patch cannot be applied (%d)\n",
			       mod->name, ret);
	} else {
		kp_module_going(mod);
	}
	mutex_unlock(&kp_mutex);
	return notifier_from_errno(ret);
}

static struct notifier_block kp_module_nb = {
	.notifier_call = kp_module_notify,
	.priority = INT_MIN,	/* last in, after the kernel's own COMING work */
};

int kp_module_notifier_init(void)
{
	return register_module_notifier(&kp_module_nb);
}

void kp_module_notifier_exit(void)
{
	unregister_module_notifier(&kp_module_nb);
}
