/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core.h - internal model of the core module: patches, objects, functions,
 * the redirection map, and the kernel internals found through kallsyms.
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
	bool switched;		/* switched out by the current disable */
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

/* ksym.c: kernel internals that 6.1 does not export. */
struct kp_kernel {
	unsigned long (*lookup_name)(const char *name);
	int (*on_each_symbol)(int (*fn)(void *, const char *, struct module *,
					unsigned long), void *data);
	int (*module_on_each_symbol)(int (*fn)(void *, const char *,
					       struct module *, unsigned long),
				     void *data);
	int (*lookup_size_offset)(unsigned long addr, unsigned long *size,
				  unsigned long *offset);
	void *(*text_poke)(void *addr, const void *opcode, size_t len);
	struct mutex *text_mutex;
	int (*save_tsk_reliable)(struct task_struct *tsk, unsigned long *store,
				 unsigned int size);
	unsigned int (*save_tsk)(struct task_struct *tsk, unsigned long *store,
				 unsigned int size, unsigned int skipnr);
	int (*task_call_func)(struct task_struct *p,
			      int (*func)(struct task_struct *, void *),
			      void *arg);
	struct module *(*find_module)(const char *name);
	unsigned long (*ftrace_location)(unsigned long ip);
};
extern struct kp_kernel kp_kernel;
int kp_kernel_init(void);

/* check.c: reject malformed .kpatch.* contents with -EINVAL. */
int kp_check_abi(struct module *owner, struct kpatch_patch *patch);
const char *kp_str(u64 addr);

/* resolve.c: find target symbols in kallsyms, anchors disambiguating. */
struct kp_sym_req {
	const struct kpatch_symbol *sym;
	unsigned long addr;	/* result */
	unsigned long size;	/* result: size from kallsyms */
	unsigned int matches;
};
int kp_resolve(struct kp_object *obj, struct kp_sym_req *reqs,
	       unsigned int nr);

/* verify.c: kernel release and original-code checks. */
int kp_verify_release(struct kp_patch *patch);
int kp_check_ftrace_site(const struct kp_func *f);
int kp_verify_func(struct kp_func *func);

/* dynrela.c: write relocations the module loader could not. */
int kp_write_dynrelas(struct kp_patch *patch, struct kp_object *obj);
void kp_forget_dynrelas(struct kp_patch *patch, const char *objname);

/* early.c: early dynrelas, as a patch module comes. */
bool kp_dynrela_is_early(const struct kpatch_patch *abi, u32 i);
int kp_early_init(void);
void kp_early_exit(void);

/* redirect.c: the ftrace side. */
struct kp_map_entry {
	unsigned long old_addr;
	unsigned long new_addr;
	struct kp_func *func;
};
struct kp_map {
	unsigned int nr;
	struct kp_map_entry e[];
};
struct kp_map *kp_map_build(void);
struct kp_map *kp_map_current(void);
const struct kp_map_entry *kp_map_find(const struct kp_map *map,
				       unsigned long ip);
/*
 * The armed call sites (redirect.c), sorted by ip: each calls the handler
 * or, with direct calls, a trampoline or an entry stub (route.c).
 */
struct kp_armed {
	unsigned long ip;
	int tramp;		/* direct.c trampoline, or -1: the handler */
	unsigned long entry;	/* the entry stub the site calls instead, or 0 */
	bool bridge;		/* a jump site's, for one transition (jump.c) */
};
unsigned int kp_armed_count(void);
struct kp_armed *kp_armed_at(unsigned int i);
struct kp_armed *kp_armed_find(unsigned long ip);
int kp_ftrace_init(void);
void kp_ftrace_exit(void);
int kp_ftrace_prepare(const struct kp_map *new);
void kp_ftrace_disarm_unused(void);
int kp_ftrace_bridge(unsigned long ip, unsigned long now, unsigned long want);
void kp_ftrace_unbridge(unsigned long ip);
void kp_map_publish(struct kp_map *map);

/* route.c: trampoline or entry stub. */
int kp_leave_stubs(const struct kp_map *new);
void kp_settle_later(void);
void kp_settle_cancel(void);
const char *kp_route(const struct kp_func *f);

/* direct.c: the direct-call path (functions not on jump.c's route). */
int kp_direct_bind(unsigned long ip);
void kp_direct_unbind(unsigned long ip, int tramp, unsigned long calls);
unsigned long kp_direct_tramp(int tramp);
int kp_direct_move(unsigned long ip, unsigned long from, unsigned long to);
bool kp_entry_stub_written(unsigned long new_addr);
unsigned long kp_entry_stub_write(unsigned long new_addr);
int kp_direct_prepare(int tramp, unsigned long target);
void kp_direct_set(int tramp, unsigned long target);

/* activeness.c: stack checks before and inside stop_machine. */
struct kp_range {
	unsigned long start, end;
	const char *name;	/* function name for the log */
	const char *obj;	/* its object */
	bool replacement;	/* the range is a replacement, not an original */
};
struct kp_walk;
struct kp_walk *kp_walk_prepare(struct kp_range *ranges, unsigned int nr);
int kp_walk_in_stop(struct kp_walk *w);
void kp_walk_report(struct kp_walk *w, struct kp_patch *patch);
void kp_walk_free(struct kp_walk *w);
unsigned int kp_walk_rewalked(const struct kp_walk *w);
unsigned int kp_walk_tasks(const struct kp_walk *w);

/* transition.c: switch the live map inside stop_machine. */
int kp_transition(struct kp_patch *patch, const char *what);

/* hooks.c */
int kp_run_hooks(struct kp_patch *patch, struct kp_object *obj, u32 kind);

/* objects.c: per-object life cycle and the module notifier. */
bool kp_object_present(struct kp_object *obj);
int kp_object_load(struct kp_object *obj);
void kp_object_unload(struct kp_object *obj);
int kp_module_notifier_init(void);
void kp_module_notifier_exit(void);

/* patch.c: enable and disable whole patches. */
int kp_enable(struct kp_patch *patch);
int kp_disable(struct kp_patch *patch);

/* sysfs.c */
int kp_sysfs_init(void);
void kp_sysfs_exit(void);
int kp_sysfs_add(struct kp_patch *patch);
void kp_sysfs_del(struct kp_patch *patch);

#endif /* KPATCH_CORE_H */
