/* SPDX-License-Identifier: GPL-2.0 */
/*
 * abi.h - the on-disk ABI of a kpatch patch module.
 *
 * kpatch-link (C++, user space) writes these structures into the
 * relocatable object a patch module is built from; the patch-module
 * template (kmod/patch/) hands them to the core module (kmod/core/), which
 * resolves and applies them.  This header is the ONE definition both sides
 * compile: plain C, fixed-width fields, no pointers (every address is a
 * u64 that the module loader fills through an ordinary R_X86_64_64
 * relocation), sizes and offsets asserted at the bottom.
 *
 * Layout of a patch module
 * ------------------------
 *   __kpatch_patch           struct kpatch_patch (the root; the template's
 *                            init passes its address to kpatch_register())
 *   .kpatch.funcs            struct kpatch_func[]      replaced functions
 *   .kpatch.dynrelas         struct kpatch_dynrela[]   relocations the module
 *                            loader cannot resolve (non-exported or local
 *                            symbols of vmlinux or a module)
 *   .kpatch.symbols          struct kpatch_symbol[]    how to find one symbol
 *                            of a target object in kallsyms
 *   .kpatch.anchors          u64[]                     neighbour-name lists
 *   .kpatch.masks            struct kpatch_mask[]      byte ranges skipped by
 *                            the original-code verification
 *   .kpatch.orig             u8[]                      original code bytes
 *   .kpatch.hooks            struct kpatch_hook[]      load/unload callbacks
 *   .kpatch.strings          NUL-terminated names
 *
 * Symbol resolution without a System.map
 * --------------------------------------
 * Debian ships no real System.map, so "the 3rd `show` in vmlinux" cannot be
 * computed at build time.  Instead each referenced symbol carries anchors:
 * the names of its neighbours in the original object, in address order
 * (functions with functions of the same text section, data with data).
 * The core module keeps the kallsyms candidates whose neighbourhood
 * contains the anchors in that order; exactly one must remain, otherwise
 * kpatch_register() fails with -ENOENT (none) or -ENOTUNIQ (several) and
 * names the symbol.  A symbol unique in its object has no anchors.
 *
 * What kpatch-link emits (linker/anchors.cc): every LOCAL symbol gets
 * anchors, because whether a static name is unique across the whole
 * kernel cannot be known without a System.map; GLOBAL symbols get none
 * (the kernel link forbids two of one name per object).  The list is the
 * symbol's neighbours of the same kind (functions with functions, data
 * with data) and the same section class (".text.foo" -> ".text",
 * ".text.unlikely.foo" -> ".text.unlikely", ".bss.x.0" -> ".bss"), in the
 * original object's address order, at most 2 before and 2 after, the
 * symbol itself at anchor_self; only names kallsyms lists (FUNC/OBJECT,
 * no __ksymtab_ etc., nothing of size 0, no weak definition, which
 * another object may override).  The address order is that of the
 * original compiled with the kernel's own flags when kpatch-link has it
 * (--stock), since -fdata-sections lays data out differently.
 * Neighbours may be global or local.  A local alone in its class has
 * nr_anchors == 1 (just itself): it must then be unique by name among the
 * object's kallsyms entries.
 *
 * Dynamic relocations and read-only module text
 * ---------------------------------------------
 * On 6.1 a module's text is already read-only (module_enable_ro()) when
 * its init function runs, so the core module cannot simply store to
 * .text.  It writes each resolved dynrela with text_poke() under
 * text_mutex (both found through kallsyms), before any replacement is
 * reachable: nothing executes the bytes while they change.  Dynrelas into
 * writable sections (.data, .kpatch.*) are plain stores.
 *
 * Original-code verification
 * --------------------------
 * For each replaced function the linker stores the original object's code
 * (.kpatch.orig) and the ranges whose bytes legitimately differ in the
 * running kernel: relocation sites, the __fentry__ call, and every site a
 * special section lets the kernel rewrite (alternatives, jump labels,
 * static calls, retpoline/return thunks, paravirt).  The core module
 * compares the rest byte for byte and refuses the patch, naming the first
 * mismatching function and offset.
 */
#ifndef KPATCH_ABI_H
#define KPATCH_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/elf.h>
#define KPATCH_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
#ifdef __cplusplus
#define KPATCH_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define KPATCH_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
#endif

#define KPATCH_MAGIC 0x4b50544348414249ULL /* "KPTCHABI" */
/*
 * 3: KPATCH_FUNC_ENTRY_JUMP added; KPATCH_HOOK_ATOMIC (hooks inside
 * stop_machine, which nothing produced) removed: hook flags must be 0.
 */
#define KPATCH_ABI_VERSION 3

/* Symbol the patch-module template references; kpatch-link defines it. */
#define KPATCH_PATCH_SYMBOL "__kpatch_patch"

#define KPATCH_SEC_FUNCS ".kpatch.funcs"
#define KPATCH_SEC_DYNRELAS ".kpatch.dynrelas"
#define KPATCH_SEC_SYMBOLS ".kpatch.symbols"
#define KPATCH_SEC_ANCHORS ".kpatch.anchors"
#define KPATCH_SEC_MASKS ".kpatch.masks"
#define KPATCH_SEC_ORIG ".kpatch.orig"
#define KPATCH_SEC_HOOKS ".kpatch.hooks"
#define KPATCH_SEC_STRINGS ".kpatch.strings"
#define KPATCH_SEC_PATCH ".kpatch.patch"

/*
 * Patch-author macros (kmod/patch/kpatch-macros.h): input sections of a
 * patched object, read and consumed by kpatch-link, never present in the
 * patch module itself.  Each entry is pointer-sized fields that carry an
 * R_X86_64_64 relocation in the object:
 *   KPATCH_IN_FORCE            void *fn               KPATCH_FORCE_UNSAFE
 *   KPATCH_IN_IGNORE_FUNCTIONS void *fn               KPATCH_IGNORE_FUNCTION
 *   KPATCH_IN_IGNORE_SECTIONS  const char *name       KPATCH_IGNORE_SECTION
 *   KPATCH_IN_LOAD_HOOKS       void (*fn)(void)       KPATCH_LOAD_HOOK
 *   KPATCH_IN_UNLOAD_HOOKS     void (*fn)(void)       KPATCH_UNLOAD_HOOK
 *   KPATCH_IN_PRE_PATCH etc.   struct kpatch_callback_input (fn, objname
 *                              NULL: the linker records the target object)
 * Callbacks are declared `int fn(patch_object *obj)` (kpatch's spelling),
 * with patch_object = struct klp_object (kmod/patch/kpatch-macros.h):
 * the core module passes a struct klp_object whose name is the object's
 * (NULL for vmlinux, as livepatch does), the rest zero.
 * kpatch-link turns hooks and callbacks into struct kpatch_hook entries
 * (objname = the object the patched file belongs to) and force entries
 * into KPATCH_FUNC_FORCE_UNSAFE.
 */
#define KPATCH_IN_FORCE ".kpatch.force"
#define KPATCH_IN_IGNORE_FUNCTIONS ".kpatch.ignore.functions"
#define KPATCH_IN_IGNORE_SECTIONS ".kpatch.ignore.sections"
#define KPATCH_IN_LOAD_HOOKS ".kpatch.hooks.load"
#define KPATCH_IN_UNLOAD_HOOKS ".kpatch.hooks.unload"
#define KPATCH_IN_PRE_PATCH ".kpatch.callbacks.pre_patch"
#define KPATCH_IN_POST_PATCH ".kpatch.callbacks.post_patch"
#define KPATCH_IN_PRE_UNPATCH ".kpatch.callbacks.pre_unpatch"
#define KPATCH_IN_POST_UNPATCH ".kpatch.callbacks.post_unpatch"

/* Name of the object that is the kernel image itself. */
#define KPATCH_VMLINUX "vmlinux"

/* struct kpatch_patch.flags */
#define KPATCH_PATCH_REPLACE (1U << 0) /* atomic replace: cumulative patch */

/* struct kpatch_func.flags */
#define KPATCH_FUNC_FORCE_UNSAFE (1U << 0) /* skip the activeness check; pins the patch */
/* (1U << 1) unused: new functions are not listed, the core refuses the bit */
#define KPATCH_FUNC_ENTRY_PAD (1U << 2)    /* KPATCH_ENTRY_PAD bytes before new_addr are free */
/*
 * The original has no ftrace site (notrace code: all of lib/, kernel/trace/,
 * 6.1's `inline`): kpatch.ko redirects it only with a jmp over its first
 * 5 bytes (kmod/core/jump.c).  kpatch-link sets it after checking the
 * original object: at least 5 bytes long, whole instructions, and no jump,
 * table entry or fixup of the object leads into bytes 1-4.  Never with
 * KPATCH_FUNC_FORCE_UNSAFE: without the activeness check a task could
 * return into the bytes the jmp covers.
 */
#define KPATCH_FUNC_ENTRY_JUMP (1U << 3)

/*
 * The entry pad: the fast path of a patched call on the ftrace routes
 * -------------------------------------------------------------------
 * (kpatch.ko's default route, a jmp after the fentry site, needs no pad;
 * kmod/core/jump.c.  The pad serves functions that cannot take it.)
 * With KPATCH_FUNC_ENTRY_PAD, the KPATCH_ENTRY_PAD bytes right before the
 * replacement (same section, so the same module text) belong to kpatch.ko;
 * kpatch-link fills them with int3, a hand-written patch gets them with
 * __attribute__((patchable_function_entry(16, 16))) (nops).  At
 * registration kpatch.ko writes `add $8, %rsp` into the last 4 bytes, an
 * entry that drops the return address the original's __fentry__ call site
 * pushed and falls through into the replacement.  Once a transition has
 * switched a function, its fentry site calls that entry directly
 * (modify_ftrace_direct()): a patched call then costs one call more than an
 * unpatched one.  Around a transition the site calls a kpatch.ko trampoline
 * whose selector flips inside stop_machine() (kmod/core/direct.c).
 */
#define KPATCH_ENTRY_PAD 16
/* The stub kpatch.ko writes at the pad's end: add $8, %rsp. */
#define KPATCH_ENTRY_STUB_SIZE 4
#define KPATCH_ENTRY_STUB_BYTES { 0x48, 0x83, 0xc4, 0x08 }

/*
 * A symbol of a target object (vmlinux or a module), found in kallsyms at
 * load time.  name and objname point into .kpatch.strings.  anchors points
 * to a zero-terminated u64 array of string pointers: the names of the
 * symbol's neighbours in the original object in address order, with the
 * symbol itself at index anchor_self.  nr_anchors == 0: the name is unique
 * in the object.
 */
struct kpatch_symbol {
	u64 name;
	u64 objname;
	u64 anchors;
	u32 nr_anchors;
	u32 anchor_self;
	u64 size;	/* size in the original object; 0 if unknown (not for
			 * a replaced function: required there).  kallsyms
			 * sizes run to the next symbol, so kpatch.ko accepts
			 * up to 64 bytes of alignment padding beyond it. */
	/*
	 * Reference site (ref_func != 0): the original of a replaced function
	 * (ref_func: its struct kpatch_symbol) refers to this symbol with a
	 * ref_type relocation (R_X86_64_PC32, _PLT32, _32S or _64) of addend
	 * ref_addend at byte ref_offset.  Once that function is resolved and
	 * its code verified, kpatch.ko reads this symbol's running address
	 * there, and checks that kallsyms names it at that address; anchors
	 * stay the fallback.  Anchors alone cannot tell apart symbols such as
	 * the 49 `__already_done.3` flags of WARN_ONCE() in vmlinux, or
	 * statics that the plugin's -fdata-sections build orders unlike the
	 * kernel's.
	 */
	u64 ref_func;
	u32 ref_offset;
	u32 ref_type;
	s64 ref_addend;
};

/* struct kpatch_symbol's resolved address is cached in the core module, not here. */

/* A byte range [offset, offset + len) of an original function not compared. */
struct kpatch_mask {
	u32 offset;
	u32 len;
};

/*
 * A replaced function.  Calls to the original (found through symbol) are
 * redirected to new_addr, the replacement in this patch module.
 */
struct kpatch_func {
	u64 new_addr;	/* relocated to the replacement function */
	u64 new_size;	/* 0: kpatch.ko takes the replacement's size from kallsyms */
	u64 symbol;	/* address of the struct kpatch_symbol of the original */
	u64 orig_code;	/* address of old size bytes in .kpatch.orig */
	u64 masks;	/* address of the first struct kpatch_mask */
	u32 nr_masks;
	u32 flags;	/* KPATCH_FUNC_* */
};

/*
 * A relocation the module loader cannot resolve: write the value of
 * `symbol + addend` (relative to dest for PC-relative types) at dest.
 * type is an x86-64 ELF relocation type: R_X86_64_64, R_X86_64_PC32,
 * R_X86_64_PLT32, R_X86_64_32S, and R_X86_64_PC64 for early ones.
 *
 * Early dynrelas (KPATCH_DYNRELA_EARLY): the key field of a __jump_table
 * entry whose static key lives in vmlinux and is not exported (every
 * tracepoint's key, for one).  The kernel links a module's jump entries
 * to their keys when the module comes (jump_label_module_notify, notifier
 * priority 1), before its init could call kpatch_register().  So kpatch-link
 * points the field at a zeroed placeholder key in the patch module (an
 * ordinary relocation, keeping the entry's low bits), and kpatch.ko
 * writes the real key from a module notifier of higher priority, as the
 * patch module comes; a key it cannot resolve fails the module's load.
 * That notifier resolves and verifies the patch's vmlinux functions first,
 * so a key's reference site is read there too (kmod/core/early.c).
 * Keys in modules are no jump entries (the module may come after the
 * patch): kpatch-link tests them in stubs through ordinary dynrelas
 * (linker/jump_stub.h).
 */
struct kpatch_dynrela {
	u64 dest;	/* relocated to the site in this patch module */
	u64 symbol;	/* address of the struct kpatch_symbol of the target */
	s64 addend;
	u32 type;
	u32 flags;	/* KPATCH_DYNRELA_* */
};

/* struct kpatch_dynrela.flags */
#define KPATCH_DYNRELA_EARLY (1U << 0)	/* written as the patch module comes */

/*
 * The bytes a dynrela of this type and flags writes; 0: not a dynrela.
 * R_X86_64_32 never is: it zero-extends, and a kernel address (above
 * 0xffffffff80000000) only fits sign-extended (R_X86_64_32S).
 * R_X86_64_PC64 is the early ones' type, and only theirs.  kpatch-link
 * emits nothing else and the core refuses anything else.
 */
static inline unsigned int kpatch_dynrela_width(u32 type, u32 flags)
{
	if (flags & KPATCH_DYNRELA_EARLY)
		return type == R_X86_64_PC64 ? 8 : 0;
	switch (type) {
	case R_X86_64_64:
		return 8;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32S:
		return 4;
	default:
		return 0;
	}
}

/* struct kpatch_hook.kind */
enum kpatch_hook_kind {
	KPATCH_HOOK_PRE_PATCH = 1,	/* int fn(void *obj): non-zero vetoes */
	KPATCH_HOOK_POST_PATCH = 2,	/* void fn(void *obj) */
	KPATCH_HOOK_PRE_UNPATCH = 3,	/* void fn(void *obj) */
	KPATCH_HOOK_POST_UNPATCH = 4,	/* void fn(void *obj) */
	KPATCH_HOOK_LOAD = 5,		/* kpatch's KPATCH_LOAD_HOOK: void fn(void) */
	KPATCH_HOOK_UNLOAD = 6,		/* kpatch's KPATCH_UNLOAD_HOOK: void fn(void) */
};

/*
 * A callback, run for one object when it is (un)patched.  The void *obj
 * argument of the pre/post hooks is a struct klp_object (see above).
 * LOAD hooks run after POST_PATCH ones, UNLOAD hooks before PRE_UNPATCH.
 */
struct kpatch_hook {
	u64 fn;
	u64 objname;	/* which object's (un)patching triggers it */
	u32 kind;	/* enum kpatch_hook_kind */
	u32 flags;	/* 0; kpatch.ko refuses any other value */
};

/*
 * The root.  kpatch-link emits exactly one, named KPATCH_PATCH_SYMBOL, in
 * section .kpatch.patch.  Arrays may be empty (count 0, address 0).
 */
struct kpatch_patch {
	u64 magic;		/* KPATCH_MAGIC */
	u32 abi_version;	/* KPATCH_ABI_VERSION */
	u32 flags;		/* KPATCH_PATCH_* */
	u64 kernel_release;	/* utsname()->release it was built for */
	u64 kernel_version;	/* utsname()->version, "" to skip */
	u64 funcs;
	u64 dynrelas;
	u64 hooks;
	u32 nr_funcs;
	u32 nr_dynrelas;
	u32 nr_hooks;
	u32 reserved;
};

KPATCH_STATIC_ASSERT(sizeof(struct kpatch_symbol) == 64, "kpatch_symbol layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_mask) == 8, "kpatch_mask layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_func) == 48, "kpatch_func layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_dynrela) == 32, "kpatch_dynrela layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_hook) == 24, "kpatch_hook layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_patch) == 72, "kpatch_patch layout");
KPATCH_STATIC_ASSERT(offsetof(struct kpatch_func, symbol) == 16, "kpatch_func.symbol");
KPATCH_STATIC_ASSERT(offsetof(struct kpatch_dynrela, addend) == 16, "kpatch_dynrela.addend");
KPATCH_STATIC_ASSERT(offsetof(struct kpatch_patch, funcs) == 32, "kpatch_patch.funcs");

#endif /* KPATCH_ABI_H */
