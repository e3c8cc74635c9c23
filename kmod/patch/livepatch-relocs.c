// SPDX-License-Identifier: GPL-2.0
/*
 * livepatch-relocs.c - a livepatch-format module's relocations of a
 * module object are zeroed when that object goes away.
 *
 * livepatch writes .klp.rela.OBJ.* into this module's code when OBJ
 * loads, and x86's apply_relocate_add() refuses a field that is not zero.
 * Linux 6.6 zeroes them again when OBJ is removed (klp_clear_object_relocs,
 * commit 0c05e7bd2d01); 6.1 does not, so OBJ could not be loaded a second
 * time while the patch is applied ("failed to initialize patch ... for
 * module").  The template does it here, from the object's post-unpatch
 * callback, which livepatch runs as OBJ goes (and as the patch is
 * disabled, when clearing is harmless: nothing runs the patched code any
 * more).  The fields are in read-only text, written with text_poke()
 * under text_mutex, neither exported: found through kallsyms_lookup_name,
 * whose address a kprobe gives (as kpatch.ko does).  Without them the
 * clearing is off and the kernel's refusal stays, with a warning.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/elf.h>
#include <linux/kprobes.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <kpatch/klp.h>

#include "livepatch-relocs.h"

static struct {
	void *(*text_poke)(void *addr, const void *opcode, size_t len);
	struct mutex *text_mutex;
} kr;

void klp_relocs_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup_name)(const char *name);

	if (register_kprobe(&kp) < 0) {
		pr_warn("no kprobe on kallsyms_lookup_name: a patched module cannot be loaded again while this patch is applied\n");
		return;
	}
	lookup_name = (void *)kp.addr;
	unregister_kprobe(&kp);
	kr.text_poke = (void *)lookup_name("text_poke");
	kr.text_mutex = (void *)lookup_name("text_mutex");
	if (!kr.text_poke || !kr.text_mutex)
		pr_warn("text_poke/text_mutex not found: a patched module cannot be loaded again while this patch is applied\n");
}

/* Section sec is .klp.rela.OBJNAME.* */
static bool relocates_for(const char *secname, const char *objname)
{
	size_t n = strlen(objname);

	return !strncmp(secname, ".klp.rela.", 10) && !strncmp(secname + 10, objname, n) &&
	       secname[10 + n] == '.';
}

static void clear_section(const Elf64_Shdr *rela_sec, const Elf64_Shdr *target)
{
	static const u8 zeros[8];
	const Elf64_Rela *rela = (const Elf64_Rela *)rela_sec->sh_addr;
	size_t i, n = rela_sec->sh_size / sizeof(*rela);

	for (i = 0; i < n; i++) {
		void *loc = (void *)(target->sh_addr + rela[i].r_offset);
		size_t size = kpatch_klp_rela_width(ELF64_R_TYPE(rela[i].r_info));

		if (size && memchr_inv(loc, 0, size))
			kr.text_poke(loc, zeros, size);
	}
}

void klp_relocs_clear(const char *objname)
{
	const struct klp_modinfo *info = THIS_MODULE->klp_info;
	unsigned int i;

	if (!kr.text_poke || !kr.text_mutex || !info || !objname)
		return;  /* vmlinux's are written once, at load */
	mutex_lock(kr.text_mutex);
	for (i = 1; i < info->hdr.e_shnum; i++) {
		const Elf64_Shdr *sec = &info->sechdrs[i];

		if ((sec->sh_flags & SHF_RELA_LIVEPATCH) &&
		    relocates_for(info->secstrings + sec->sh_name, objname))
			clear_section(sec, &info->sechdrs[sec->sh_info]);
	}
	mutex_unlock(kr.text_mutex);
}
