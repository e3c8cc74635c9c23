// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch-patch.c - the init/exit glue every patch module is built with.
 *
 * The patch itself (replacement functions, .kpatch.* sections and the
 * root struct kpatch_patch named __kpatch_patch) comes from another
 * object linked into the same module: kpatch-link's output, or, for the
 * core module's tests, a hand-written C file.  This file only hands that
 * root to kpatch.ko; README.md says how the module is assembled.
 */
#include <linux/module.h>
#include <kpatch/abi.h>
#include "kpatch.h"

extern struct kpatch_patch __kpatch_patch;

static int __init kpatch_patch_init(void)
{
	return kpatch_register(THIS_MODULE, &__kpatch_patch);
}

static void __exit kpatch_patch_exit(void)
{
	kpatch_unregister(&__kpatch_patch);
}

module_init(kpatch_patch_init);
module_exit(kpatch_patch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("kpatch patch module");
