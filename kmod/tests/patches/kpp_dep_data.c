// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_dep.ko - kpt_count_a() returns crc16(0, "123456789", 9), 0xbb3d:
 * a fix that adds a call into a module its target does not depend on.
 *
 * crc16 is a module of its own; the reference is a dynrela to object
 * crc16 (one with no functions of its own in the patch), as kpatch-link
 * makes every reference into a module.  kpatch.ko must refuse to patch
 * kpt_target while crc16 is not loaded ("load crc16 first"), and hold
 * crc16 while the patch is loaded, so it cannot go under the patched code.
 */
#include <linux/elf.h>
#include "kpp.h"

static noinline unsigned long kpp_count_a(void)
{
	u16 (*crc)(u16 crc, const u8 *buffer, size_t len);

	/* lea crc16(%rip), %rax; the displacement is the dynrela site. */
	asm volatile(".byte 0x48, 0x8d, 0x05\n"
		     ".Lkpp_crc16_site: .long 0\n"
		     ".pushsection .kpatch.dynrelas, \"aw\"\n"
		     "kpp_dynrelas:\n"
		     ".quad .Lkpp_crc16_site, kpp_sym_crc16, -4\n"
		     ".long %c1, 0\n"
		     ".popsection\n"
		     : "=a"(crc) : "i"(R_X86_64_PC32));
	return crc(0, (const u8 *)"123456789", 9);
}

extern struct kpatch_dynrela kpp_dynrelas[];

static struct kpatch_symbol kpp_sym_crc16 KPP_SEC(".kpatch.symbols") = {
	.name = KPT_U64("crc16"), .objname = KPT_U64("crc16"),
};

KPP_FUNC_SYMBOL(kpt_count_a);
static struct kpatch_func kpp_funcs[] KPP_SEC(".kpatch.funcs") = {
	KPP_FUNC(kpt_count_a, kpp_count_a, 0),
};
KPP_PATCH(0, kpp_funcs, ARRAY_SIZE(kpp_funcs), kpp_dynrelas, 1, NULL, 0);
