/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpp.h - helpers for hand-written test patches of kpt_target.ko.
 *
 * A hand-written patch defines what kpatch-link would emit: replacement
 * functions, .kpatch.* arrays and the root __kpatch_patch.  The original
 * code and masks come from kpt_orig.h, which gen-orig.py extracts from
 * the kpt_target.ko the VM loads.  Replacement sizes are left 0: the core
 * takes them from kallsyms (abi.h).
 */
#ifndef KPP_H
#define KPP_H

#include <linux/kernel.h>
#include <linux/module.h>
#include <generated/utsrelease.h>
#include <kpatch/abi.h>

#define KPT_U64(p) ((u64)(unsigned long)(p))
#define KPP_SEC(s) __section(s) __used
#define KPP_TARGET "kpt_target"

#include "kpt_orig.h"

/* The kpatch_symbol of target function fn, unique in kpt_target. */
#define KPP_FUNC_SYMBOL(fn)							\
	static struct kpatch_symbol kpp_sym_##fn KPP_SEC(".kpatch.symbols") = {	\
		.name = KPT_U64(#fn), .objname = KPT_U64(KPP_TARGET),		\
		.size = KPT_SIZE_##fn,						\
	}

/*
 * A replacement with an entry pad (KPATCH_FUNC_ENTRY_PAD in abi.h): GCC puts
 * KPATCH_ENTRY_PAD nops right before the function, in its section.
 */
#define KPP_ENTRY_PAD __attribute__((patchable_function_entry(KPATCH_ENTRY_PAD, KPATCH_ENTRY_PAD)))

/* A struct kpatch_func replacing target fn by newfn. */
#define KPP_FUNC(fn, newfn, fl_) {						\
		.new_addr = KPT_U64(newfn), .symbol = KPT_U64(&kpp_sym_##fn),	\
		.orig_code = KPT_U64(kpt_orig_##fn), .masks = KPT_U64(kpt_masks_##fn), \
		.nr_masks = KPT_NR_MASKS_##fn, .flags = (fl_),			\
	}

/* The root, for arrays funcs (required), dynrelas and hooks (may be NULL, 0). */
#define KPP_PATCH(fl_, funcs_, nfuncs_, dynrelas_, ndynrelas_, hooks_, nhooks_)	\
	struct kpatch_patch __kpatch_patch KPP_SEC(".kpatch.patch") = {	\
		.magic = KPATCH_MAGIC, .abi_version = KPATCH_ABI_VERSION,	\
		.flags = (fl_), .kernel_release = KPT_U64(UTS_RELEASE),		\
		.funcs = KPT_U64(funcs_), .nr_funcs = (nfuncs_),		\
		.dynrelas = KPT_U64(dynrelas_), .nr_dynrelas = (ndynrelas_),	\
		.hooks = KPT_U64(hooks_), .nr_hooks = (nhooks_),		\
	}

#endif
