// SPDX-License-Identifier: GPL-2.0
/*
 * early.c - the dynrelas a patch module needs before its init runs.
 *
 * A jump entry of the patch module whose static key lives in vmlinux and
 * is not exported (KPATCH_DYNRELA_EARLY, abi.h; every tracepoint in
 * patched code has one) must name the real key when the kernel links the
 * module's jump entries to their keys.  That happens as the module comes
 * (jump_label_module_notify, notifier priority 1), before its init can
 * call kpatch_register().  This notifier runs before it: it checks the
 * patch module's ABI structures, resolves the keys in vmlinux and writes
 * them over the placeholder kpatch-link put there (__jump_table is still
 * writable: it becomes read-only after init).  A key it cannot resolve
 * fails the patch module's load, with the reason in the log.
 *
 * The patch's vmlinux functions are resolved and verified first, as
 * kp_object_load() does, so that a key with a reference site (abi.h) is
 * read from the running original: a pr_debug() descriptor's name
 * (__UNIQUE_ID_ddebugN.M) and its neighbours recur across files, which
 * anchors alone cannot tell apart (drivers/pinctrl/pinctrl-amd.c's
 * amd_gpio_probe: "several candidates match").
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include "core.h"
#include "check.h"
#include "dynrela.h"
#include "early.h"
#include "objects.h"

bool kp_dynrela_is_early(const struct kpatch_patch *abi, u32 i)
{
	const struct kpatch_dynrela *d = (const void *)(unsigned long)abi->dynrelas;

	return d[i].flags & KPATCH_DYNRELA_EARLY;
}

/* The patch module's root structure, NULL when mod is no patch module. */
static struct kpatch_patch *kp_patch_root(struct module *mod)
{
	struct kpatch_patch *root = NULL;
	struct mod_kallsyms *ks;
	unsigned int i;

	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; ks && i < ks->num_symtab; i++) {
		if (!strcmp(ks->strtab + ks->symtab[i].st_name, KPATCH_PATCH_SYMBOL)) {
			root = (void *)(unsigned long)ks->symtab[i].st_value;
			break;
		}
	}
	preempt_enable();
	return root;
}

/*
 * The ordinary dynrela path (dynrela.c) writes them, on a stand-in patch
 * whose other dynrelas count as done: those wait for kpatch_register().
 */
static bool kp_func_in_vmlinux(const struct kpatch_func *f)
{
	const struct kpatch_symbol *sym = (const void *)(unsigned long)f->symbol;

	return !strcmp(kp_str(sym->objname), KPATCH_VMLINUX);
}

static int kp_write_early(struct module *mod, struct kpatch_patch *abi)
{
	const struct kpatch_func *f = (const void *)(unsigned long)abi->funcs;
	struct kp_patch patch = { .mod = mod, .abi = abi };
	struct kp_object vmlinux = { .patch = &patch, .name = KPATCH_VMLINUX };
	struct kp_func *funcs = NULL;
	unsigned int i, n = 0, nf = 0;
	int ret = -ENOMEM;

	for (i = 0; i < abi->nr_dynrelas; i++)
		n += kp_dynrela_is_early(abi, i);
	if (!n)
		return 0;
	for (i = 0; i < abi->nr_funcs; i++)
		nf += kp_func_in_vmlinux(&f[i]);
	patch.dynrela_done = kvcalloc(abi->nr_dynrelas, sizeof(bool), GFP_KERNEL);
	if (nf) {
		funcs = kvcalloc(nf, sizeof(*funcs), GFP_KERNEL);
		vmlinux.funcs = kvcalloc(nf, sizeof(*vmlinux.funcs), GFP_KERNEL);
	}
	if (!patch.dynrela_done || (nf && (!funcs || !vmlinux.funcs)))
		goto out;
	for (i = 0; i < abi->nr_dynrelas; i++)
		patch.dynrela_done[i] = !kp_dynrela_is_early(abi, i);
	for (i = 0; i < abi->nr_funcs; i++) {
		struct kp_func *fn;

		if (!kp_func_in_vmlinux(&f[i]))
			continue;
		fn = &funcs[vmlinux.nr_funcs];
		kp_func_from_abi(fn, &f[i]);
		fn->obj = &vmlinux;
		vmlinux.funcs[vmlinux.nr_funcs++] = fn;
	}
	/* kp_verify_func() reads other patches' jump sites: under kp_mutex. */
	mutex_lock(&kp_mutex);
	ret = kp_load_funcs(&vmlinux);
	if (!ret)
		ret = kp_write_dynrelas(&patch, &vmlinux);
	mutex_unlock(&kp_mutex);
	if (!ret)
		pr_info("%s: %u static branch key(s) in vmlinux set before jump labels are linked\n",
			mod->name, n);
out:
	kvfree(vmlinux.funcs);
	kvfree(funcs);
	kvfree(patch.dynrela_done);
	return ret;
}

static int kp_early_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct module *mod = data;
	struct kpatch_patch *abi;
	int ret;

	if (action != MODULE_STATE_COMING)
		return NOTIFY_DONE;
	abi = kp_patch_root(mod);
	if (!abi)
		return NOTIFY_DONE;
	ret = kp_check_abi(mod, abi);
	if (!ret)
		ret = kp_write_early(mod, abi);
	if (ret)
		pr_err("%s: cannot link the patch's static branches: %d\n", mod->name, ret);
	return notifier_from_errno(ret);
}

static struct notifier_block kp_early_nb = {
	.notifier_call = kp_early_notify,
	.priority = 2,	/* before jump_label_module_nb (1) */
};

int kp_early_init(void)
{
	return register_module_notifier(&kp_early_nb);
}

void kp_early_exit(void)
{
	unregister_module_notifier(&kp_early_nb);
}
