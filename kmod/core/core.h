/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core.h - internal model of the core module: patches, objects and
 * functions.  What each unit offers is in its own header (ksym.h,
 * redirect.h, transition.h, ...).
 *
 * The ABI structures (include/kpatch/abi.h) stay read-only in the patch
 * module; everything the core learns at run time (addresses, states,
 * sysfs objects) lives in the kp_* structures below.  All of it is
 * protected by kp_mutex.
 */
#ifndef KPATCH_CORE_H
#define KPATCH_CORE_H

#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/stacktrace.h>
#include <kpatch/abi.h>

struct kp_patch;
struct kp_object;

/* One replaced function. */
struct kp_func {
	struct kp_object *obj;
	const struct kpatch_func *abi;
	const struct kpatch_symbol *sym;
	const char *name;
	unsigned long old_addr;	/* 0 while the object is not loaded */
	unsigned long old_size;	/* from kallsyms */
	unsigned long new_addr;
	unsigned long new_size;
	unsigned long entry;	/* the entry stub before new_addr, 0 if none */
	bool force;		/* KPATCH_FUNC_FORCE_UNSAFE */
	bool entry_jump;	/* KPATCH_FUNC_ENTRY_JUMP: no ftrace site, jmp at old_addr */
	struct kobject kobj;	/* <patch>/<object>/<function> */
	bool kobj_added;
};

/* One target object (vmlinux or a module) of a patch. */
struct kp_object {
	struct kp_patch *patch;
	struct list_head node;	/* in kp_patch.objects */
	const char *name;
	struct module *mod;	/* the loaded target module, NULL for vmlinux */
	bool loaded;		/* resolved, verified, dynrelas written */
	bool applied;		/* its functions are in the live map */
	bool want;		/* wanted state while a transition is built */
	bool going;		/* its module is going: skip the activeness check */
	bool switched;		/* being switched out (switch.c) */
	bool held;		/* a reference on mod: patched code calls into it */
	struct kp_func **funcs;
	unsigned int nr_funcs;
	struct klp_object klp;	/* what hooks get: .name, NULL for vmlinux */
	struct kobject kobj;	/* <patch>/<object> */
	bool kobj_added;
};

/* One registered patch module. */
struct kp_patch {
	struct list_head node;	/* in kp_patches, registration order */
	struct module *mod;
	struct kpatch_patch *abi;
	struct list_head objects;
	u64 seq;		/* registration order: later patches win */
	struct kp_func *funcs;	/* abi->nr_funcs entries */
	bool *dynrela_done;	/* abi->nr_dynrelas entries */
	bool enabled;
	bool pinned;		/* a force-unsafe function was applied */
	u64 last_window_ns;	/* whole stop_machine() call, last transition */
	u64 last_callback_ns;	/* the callback alone */
	struct kobject kobj;	/* /sys/kernel/kpatch/<patch> */
	bool kobj_added;
};

extern struct mutex kp_mutex;
extern struct list_head kp_patches;

#endif /* KPATCH_CORE_H */
