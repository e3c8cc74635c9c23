/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch-macros.h - macros for patch authors, source-compatible with
 * kpatch's: include it from a patched source file.
 *
 * Each macro only records a pointer in an input section of the patched
 * object (names and layouts in include/kpatch/abi.h, "Patch-author
 * macros"); kpatch-link reads them and never copies them into the patch
 * module.  Shadow variables are the kernel's livepatch API
 * (klp_shadow_alloc/get/free, exported with CONFIG_LIVEPATCH=y), as in
 * upstream kpatch.  This header does not change code generation of the
 * function it names.
 */
#ifndef _KPATCH_MACROS_H_
#define _KPATCH_MACROS_H_

#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/livepatch.h>

/*
 * The object a callback runs for, as in kpatch: a struct klp_object, of
 * which the core module fills in name (NULL for vmlinux, as livepatch
 * does); the other members are zero.
 */
typedef struct klp_object patch_object;

typedef void (*kpatch_loadcall_t)(void);
typedef void (*kpatch_unloadcall_t)(void);
typedef int (*kpatch_pre_patch_call_t)(patch_object *obj);
typedef void (*kpatch_post_patch_call_t)(patch_object *obj);
typedef void (*kpatch_pre_unpatch_call_t)(patch_object *obj);
typedef void (*kpatch_post_unpatch_call_t)(patch_object *obj);

/* Layout of one callback entry; objname stays NULL, kpatch-link fills it in. */
struct kpatch_callback_input {
	void *fn;
	const char *objname;
};

/*
 * KPATCH_IGNORE_SECTION(".some.section"): differences in that section are
 * not part of the patch.
 */
#define KPATCH_IGNORE_SECTION(_sec)					\
	static const char *__UNIQUE_ID(kpatch_ignore_section_)	\
	__used __section(".kpatch.ignore.sections") = _sec;

/* KPATCH_IGNORE_FUNCTION(fn): fn's changes are not part of the patch. */
#define KPATCH_IGNORE_FUNCTION(_fn)					\
	static void *__kpatch_ignore_func_##_fn			\
	__used __section(".kpatch.ignore.functions") = _fn;

/*
 * KPATCH_FORCE_UNSAFE(fn): patch fn without the activeness-safety check
 * (the author asserts that old and new code may run side by side).
 */
#define KPATCH_FORCE_UNSAFE(_fn)					\
	static void *__kpatch_force_func_##_fn				\
	__used __section(".kpatch.force") = _fn;

/* void fn(void), run once when the patch module loads / unloads. */
#define KPATCH_LOAD_HOOK(_fn)						\
	static inline kpatch_loadcall_t __loadtest_##_fn(void) { return _fn; } \
	static kpatch_loadcall_t __kpatch_load_##_fn			\
	__used __section(".kpatch.hooks.load") = _fn;

#define KPATCH_UNLOAD_HOOK(_fn)						\
	static inline kpatch_unloadcall_t __unloadtest_##_fn(void) { return _fn; } \
	static kpatch_unloadcall_t __kpatch_unload_##_fn		\
	__used __section(".kpatch.hooks.unload") = _fn;

#define __KPATCH_CALLBACK(_kind, _type, _fn)				\
	static inline _type __##_kind##_test_##_fn(void) { return _fn; } \
	static struct kpatch_callback_input __kpatch_##_kind##_##_fn	\
	__used __aligned(8) __section(".kpatch.callbacks." #_kind) = {	\
		.fn = _fn, .objname = NULL,				\
	};

/* int fn(patch_object *): non-zero refuses the patch for that object. */
#define KPATCH_PRE_PATCH_CALLBACK(_fn)					\
	__KPATCH_CALLBACK(pre_patch, kpatch_pre_patch_call_t, _fn)
#define KPATCH_POST_PATCH_CALLBACK(_fn)					\
	__KPATCH_CALLBACK(post_patch, kpatch_post_patch_call_t, _fn)
#define KPATCH_PRE_UNPATCH_CALLBACK(_fn)				\
	__KPATCH_CALLBACK(pre_unpatch, kpatch_pre_unpatch_call_t, _fn)
#define KPATCH_POST_UNPATCH_CALLBACK(_fn)				\
	__KPATCH_CALLBACK(post_unpatch, kpatch_post_unpatch_call_t, _fn)

/*
 * KPATCH_PRINTK: printk from patched code without printk's __cold
 * attribute reaching the optimiser: a direct call to a cold function
 * makes GCC move the calling path (often the whole function) into
 * .text.unlikely and split .cold parts, which changes more code than the
 * patch does.  The call goes through a volatile pointer instead.
 */
#define KPATCH_PRINTK(_fmt, ...)					\
({									\
	int (*volatile __kpatch_printk)(const char *, ...) = _printk;	\
	__kpatch_printk(_fmt, ##__VA_ARGS__);				\
})

#endif /* _KPATCH_MACROS_H_ */
