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
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include "core.h"
#include "check.h"
#include "dynrela.h"
#include "early.h"

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
static int kp_write_early(struct module *mod, struct kpatch_patch *abi)
{
	struct kp_patch patch = { .mod = mod, .abi = abi };
	struct kp_object vmlinux = { .patch = &patch, .name = KPATCH_VMLINUX };
	unsigned int i, n = 0;
	int ret;

	for (i = 0; i < abi->nr_dynrelas; i++)
		n += kp_dynrela_is_early(abi, i);
	if (!n)
		return 0;
	patch.dynrela_done = kvcalloc(abi->nr_dynrelas, sizeof(bool), GFP_KERNEL);
	if (!patch.dynrela_done)
		return -ENOMEM;
	for (i = 0; i < abi->nr_dynrelas; i++)
		patch.dynrela_done[i] = !kp_dynrela_is_early(abi, i);
	ret = kp_write_dynrelas(&patch, &vmlinux);
	if (!ret)
		pr_info("%s: %u static branch key(s) in vmlinux set before jump labels are linked\n",
			mod->name, n);
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
