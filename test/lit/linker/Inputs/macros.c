// SPDX-License-Identifier: GPL-2.0
/*
 * Input of macros.test: the patch-author macros of kpatch-macros.h, used
 * the way kpatch patches use them.  -DPATCHED changes kpl_a and kpl_b and
 * adds the macros.
 */
#include <linux/kernel.h>
#include "kpatch-macros.h"

#ifdef PATCHED
#define DELTA 2
#else
#define DELTA 1
#endif

noinline int kpl_a(int x)
{
	return x + DELTA;
}

noinline int kpl_b(int x)
{
	return x * DELTA;
}

#ifdef PATCHED
static int kpl_pre(patch_object *obj)
{
	KPATCH_PRINTK("pre-patch %s\n", obj->name);
	return 0;
}

static void kpl_post_unpatch(patch_object *obj)
{
	pr_info("post-unpatch %s\n", obj->name);
}

static void kpl_load(void)
{
	pr_info("loaded\n");
}

KPATCH_PRE_PATCH_CALLBACK(kpl_pre);
KPATCH_POST_UNPATCH_CALLBACK(kpl_post_unpatch);
KPATCH_LOAD_HOOK(kpl_load);
KPATCH_FORCE_UNSAFE(kpl_a);
KPATCH_IGNORE_FUNCTION(kpl_b);
KPATCH_IGNORE_SECTION(".discard.kpl");
#endif
