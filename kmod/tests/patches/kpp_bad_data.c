// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_bad.ko - hands kpatch_register() a patch with one defect, chosen by
 * the `defect` parameter; the core must answer -EINVAL (and log why),
 * never crash, and leave nothing applied.  Defects:
 *   1 bad magic             2 ABI version 99       3 nr_funcs 2^30
 *   4 funcs NULL, nr 1      5 symbol outside module 6 dynrela type 99
 *   7 mask past the end     8 anchor_self >= nr     9 other kernel release
 *  10 hook kind 42         11 release string outside the module
 *  12 hook object name ""  (found by core-mutants: an empty sysfs name WARNed)
 * The valid base is kpt_answer() -> 2, as kpp_answer.ko.
 */
#include <linux/elf.h>
#include <linux/livepatch.h>
#include <linux/utsname.h>
#include "kpp.h"
#include "kpatch.h"

static int defect;
module_param(defect, int, 0444);

static noinline int kpp_answer(void)
{
	return 2;
}

static void kpp_hook(struct klp_object *obj)
{
}

KPP_FUNC_SYMBOL(kpt_answer);
static struct kpatch_mask kpp_bad_masks[] KPP_SEC(".kpatch.masks") = {
	{ .offset = KPT_SIZE_kpt_answer - 2, .len = 8 },
};
static u64 kpp_bad_anchors[] KPP_SEC(".kpatch.anchors") = { KPT_U64("kpt_answer"), 0 };
static struct kpatch_symbol kpp_sym_bad KPP_SEC(".kpatch.symbols") = {
	.name = KPT_U64("kpt_answer"), .objname = KPT_U64(KPP_TARGET),
	.size = KPT_SIZE_kpt_answer,
};
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_answer, kpp_answer, 0),
};
static struct kpatch_dynrela kpp_dynrelas[] KPP_SEC(".kpatch.dynrelas") = {
	{ .dest = KPT_U64(&kpp_funcs[0].new_size), .symbol = KPT_U64(&kpp_sym_bad),
	  .type = R_X86_64_64 },
};
static struct kpatch_hook kpp_hooks[] KPP_SEC(".kpatch.hooks") = {
	{ .fn = KPT_U64(kpp_hook), .objname = KPT_U64(KPP_TARGET),
	  .kind = KPATCH_HOOK_POST_PATCH },
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), NULL, 0, NULL, 0);

static void kpp_break(struct kpatch_patch *p)
{
	switch (defect) {
	case 1: p->magic ^= 1; break;
	case 2: p->abi_version = 99; break;
	case 3: p->nr_funcs = 1U << 30; break;
	case 4: p->funcs = 0; break;
	case 5: kpp_funcs[0].symbol = KPT_U64(init_utsname()); break;
	case 6:
		kpp_dynrelas[0].type = 99;
		p->dynrelas = KPT_U64(kpp_dynrelas);
		p->nr_dynrelas = 1;
		break;
	case 7:
		kpp_funcs[0].masks = KPT_U64(kpp_bad_masks);
		kpp_funcs[0].nr_masks = 1;
		break;
	case 8:
		kpp_sym_bad.anchors = KPT_U64(kpp_bad_anchors);
		kpp_sym_bad.nr_anchors = 1;
		kpp_sym_bad.anchor_self = 1;
		kpp_funcs[0].symbol = KPT_U64(&kpp_sym_bad);
		break;
	case 9: p->kernel_release = KPT_U64("5.10.0-bogus-amd64"); break;
	case 10:
		kpp_hooks[0].kind = 42;
		p->hooks = KPT_U64(kpp_hooks);
		p->nr_hooks = 1;
		break;
	case 11:
		p->kernel_release = KPT_U64(init_utsname()->release);
		break;
	case 12:
		kpp_hooks[0].objname = KPT_U64("");
		p->hooks = KPT_U64(kpp_hooks);
		p->nr_hooks = 1;
		break;
	case 13:
		kpp_hooks[0].flags = 1;	/* was KPATCH_HOOK_ATOMIC, ABI 2 */
		p->hooks = KPT_U64(kpp_hooks);
		p->nr_hooks = 1;
		break;
	case 14:
		kpp_funcs[0].flags = KPATCH_FUNC_ENTRY_JUMP | KPATCH_FUNC_FORCE_UNSAFE;
		break;
	case 15:
		/* A terminal escape in a name: refused, never logged raw. */
		kpp_sym_bad.name = KPT_U64("kpt_\x1b[2Janswer");
		kpp_funcs[0].symbol = KPT_U64(&kpp_sym_bad);
		break;
	}
}

static int __init kpp_bad_init(void)
{
	if (defect < 1 || defect > 15)
		return -EDOM;
	pr_info("kpp_bad: defect %d\n", defect);
	kpp_break(&__kpatch_patch);
	return kpatch_register(THIS_MODULE, &__kpatch_patch);
}

static void __exit kpp_bad_exit(void)
{
	kpatch_unregister(&__kpatch_patch);
}

module_init(kpp_bad_init);
module_exit(kpp_bad_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch core tests: malformed patches");
