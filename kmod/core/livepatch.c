// SPDX-License-Identifier: GPL-2.0
/*
 * livepatch.c - the functions the kernel's own livepatch redirects.
 *
 * livepatch redirects a function with an IPMODIFY ftrace handler at its
 * fentry site.  kpatch.ko's ftrace routes register IPMODIFY too, so
 * ftrace refuses whichever of the two comes second.  The jump route
 * (jump.c) does not go through ftrace: a livepatch on the same function
 * would win silently at the fentry site, before the jmp is reached.  So
 * a function an enabled livepatch redirects never takes the jump route
 * (its ftrace route then meets the conflict, and the patch is refused),
 * and a livepatch module that comes while a jump site of its function
 * is live is reported: its replacement runs, not kpatch's.
 *
 * livepatch keeps its patches in klp_patches under klp_mutex (kernel/
 * livepatch/core.c), found through kallsyms; without them (a kernel
 * without CONFIG_LIVEPATCH) there is nothing to find.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/livepatch.h>
#include "core.h"
#include "ksym.h"
#include "livepatch.h"

static struct list_head *klp_patches;
static struct mutex *klp_mutex;

void kp_livepatch_init(void)
{
	klp_patches = (void *)kp_kernel.lookup_name("klp_patches");
	klp_mutex = (void *)kp_kernel.lookup_name("klp_mutex");
	if (!klp_patches || !klp_mutex)
		pr_info("livepatch's klp_patches/klp_mutex not found: functions livepatch redirects are not recognised\n");
}

/*
 * Does an enabled livepatch redirect the function at addr?  Its module's
 * name goes to owner (MODULE_NAME_LEN bytes).
 */
bool kp_livepatch_redirects(unsigned long addr, char *owner)
{
	struct klp_patch *patch;
	struct klp_object *obj;
	struct klp_func *func;
	bool found = false;

	if (!klp_patches || !klp_mutex)
		return false;
	mutex_lock(klp_mutex);
	list_for_each_entry(patch, klp_patches, list) {
		if (!patch->enabled)
			continue;
		klp_for_each_object(patch, obj)
			klp_for_each_func(obj, func)
				if ((unsigned long)func->old_func == addr && !found) {
					strscpy(owner, patch->mod->name, MODULE_NAME_LEN);
					found = true;
				}
	}
	mutex_unlock(klp_mutex);
	return found;
}
