/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch.h - what the core module (kpatch.ko) offers patch modules.
 *
 * A patch module's init calls kpatch_register() with the struct
 * kpatch_patch that kpatch-link emitted (see include/kpatch/abi.h); its
 * exit calls kpatch_unregister().  Everything else (sysfs, module
 * notifier, hooks) happens inside the core.  Shadow variables are not
 * part of this API: patch code uses klp_shadow_*() from
 * <linux/livepatch.h>, which the stock 6.1 kernel exports.
 */
#ifndef KPATCH_CORE_API_H
#define KPATCH_CORE_API_H

#include <linux/module.h>
#include <kpatch/abi.h>

/*
 * Check, resolve, verify and apply @patch, which lives in @owner (the
 * calling patch module, THIS_MODULE).  Must be called from @owner's init.
 * Returns 0 when the patch is enabled (its functions redirected for every
 * loaded target object, the others deferred until they load), or -errno
 * with a one-line reason in the kernel log; on error nothing is applied.
 */
int kpatch_register(struct module *owner, struct kpatch_patch *patch);

/*
 * Forget @patch.  Called from the patch module's exit: by then the patch
 * is disabled (an enabled patch holds a reference on its module, so the
 * module cannot be removed).
 */
void kpatch_unregister(struct kpatch_patch *patch);

#endif /* KPATCH_CORE_API_H */
