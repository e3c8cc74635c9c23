/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klp.h - what kpatch-link writes for the livepatch-format template
 * (kmod/patch/livepatch-patch.c), which builds the kernel's own
 * struct klp_patch from it at init and calls klp_enable_patch().
 *
 * A livepatch-format module holds no kpatch.ko ABI: the kernel resolves
 * its non-exported references itself, from livepatch relocation sections
 * (.klp.rela.OBJ.SECTION, SHF_RELA_LIVEPATCH) against livepatch symbols
 * (.klp.sym.OBJ.NAME,POS in SHN_LIVEPATCH; Documentation/livepatch/
 * module-elf-format.rst).  What the template still needs is the list of
 * replaced functions (name, position, object, replacement), the objects
 * the patch touches and the callbacks: the tables below, with the same
 * conventions as abi.h (fixed-width fields; every address a u64 the
 * module loader fills through an R_X86_64_64 relocation).
 */
#ifndef KPATCH_KLP_H
#define KPATCH_KLP_H

#include "abi.h"

#define KPATCH_KLP_MAGIC 0x4b50544b4c504154ULL /* "KPTKLPAT" */
#define KPATCH_KLP_VERSION 1

#define KPATCH_KLP_PATCH_SYMBOL "__kpatch_klp_patch"
#define KPATCH_KLP_SEC_PATCH ".kpatch.klp.patch"
#define KPATCH_KLP_SEC_FUNCS ".kpatch.klp.funcs"
#define KPATCH_KLP_SEC_OBJECTS ".kpatch.klp.objects"
#define KPATCH_KLP_SEC_HOOKS ".kpatch.klp.hooks"
#define KPATCH_KLP_SEC_STRINGS ".kpatch.klp.strings"

/* Livepatch relocation sections and symbols (include/uapi/linux/elf.h). */
#define KPATCH_SHF_RELA_LIVEPATCH 0x00100000
#define KPATCH_SHN_LIVEPATCH 0xff20

/*
 * A livepatch relocation on its way to the finished module.  The module
 * link (ld -r) cannot carry .klp.rela sections or SHN_LIVEPATCH symbols
 * through (it makes them an unknown section type and absolute symbols),
 * so kpatch-link writes each as a record of this table and the post-link
 * step (kpatch-link --klp-finish, run on the linked .ko) turns them into
 * .klp.rela.OBJ.SECTION entries against .klp.sym.OBJ.NAME,POS.  Neither
 * section is SHF_ALLOC: the module loader skips them and their relocation.
 * They are named .note.* because modpost warns about any other section
 * that is not loaded (scripts/mod/modpost.c, section_white_list).
 */
#define KPATCH_KLP_SEC_RELOCS ".note.kpatch.klp.relocs"
#define KPATCH_KLP_SEC_RELOC_NAMES ".note.kpatch.klp.relnames"

struct kpatch_klp_reloc {
	u64 dest;	/* R_X86_64_64 to the field the kernel writes */
	s64 addend;
	u32 type;	/* R_X86_64_* */
	u32 object;	/* offset in KPATCH_KLP_SEC_RELOC_NAMES: whose load writes it */
	u32 symbol;	/* offset in KPATCH_KLP_SEC_RELOC_NAMES: ".klp.sym.OBJ.NAME,POS" */
	u32 reserved;
};

/*
 * The bytes a livepatch relocation of this type writes; 0: not one
 * kpatch-link emits.  The dynrela types, plus R_X86_64_PC64: an early
 * jump key, a .klp.rela.vmlinux entry here.
 */
static inline unsigned int kpatch_klp_rela_width(u32 type)
{
	return type == R_X86_64_PC64 ? 8 : kpatch_dynrela_width(type, 0);
}

/* One replaced function: struct klp_func's old_name, old_sympos, new_func. */
struct kpatch_klp_func {
	u64 old_name;
	u64 new_func;
	u64 objname;	/* "vmlinux" or a module name */
	u64 sympos;	/* 0: the name is unique in its object */
};

/*
 * An object the patch touches: one struct klp_object each, also for an
 * object with no replaced function (its relocations or callbacks still
 * wait for it to load).
 */
struct kpatch_klp_object {
	u64 name;	/* "vmlinux" or a module name */
};

/*
 * The root, named KPATCH_KLP_PATCH_SYMBOL.  Hooks are struct kpatch_hook
 * (abi.h); the template runs them as the klp_object's callbacks.
 */
struct kpatch_klp_patch {
	u64 magic;		/* KPATCH_KLP_MAGIC */
	u32 version;		/* KPATCH_KLP_VERSION */
	u32 flags;		/* KPATCH_PATCH_REPLACE: klp_patch.replace */
	u64 kernel_release;	/* utsname()->release it was built for */
	u64 funcs;
	u64 objects;
	u64 hooks;
	u32 nr_funcs;
	u32 nr_objects;
	u32 nr_hooks;
	u32 reserved;
};

KPATCH_STATIC_ASSERT(sizeof(struct kpatch_klp_reloc) == 32, "kpatch_klp_reloc layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_klp_func) == 32, "kpatch_klp_func layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_klp_object) == 8, "kpatch_klp_object layout");
KPATCH_STATIC_ASSERT(sizeof(struct kpatch_klp_patch) == 64, "kpatch_klp_patch layout");

#endif /* KPATCH_KLP_H */
