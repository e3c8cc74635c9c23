// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - make sure the patch was built for exactly this kernel.
 *
 * The kernel release (and version, when recorded) must equal
 * utsname()'s.  Each original function must have its recorded size
 * (kallsyms sizes run to the next symbol, so alignment padding of up to
 * KP_SIZE_SLACK bytes is allowed) and, outside the masked ranges, the
 * very bytes the linker recorded from the original object: a Ksplice-style
 * run-pre check.  The first mismatch is named, function and offset.
 * Its ftrace site must be where the build saw it (or saw none).
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/utsname.h>
#include "core.h"
#include "check.h"
#include "ksym.h"
#include "verify.h"
#include "jump.h"

#define KP_SIZE_SLACK 64

int kp_verify_release(struct kp_patch *patch)
{
	const char *rel = kp_str(patch->abi->kernel_release);
	const char *ver = patch->abi->kernel_version ?
			  kp_str(patch->abi->kernel_version) : "";

	if (strcmp(rel, utsname()->release)) {
		pr_err("%s: built for kernel %s, running %s\n", patch->mod->name, rel,
		       utsname()->release);
		return -EINVAL;
	}
	if (*ver && strcmp(ver, utsname()->version)) {
		pr_err("%s: built for kernel version '%s', running '%s'\n", patch->mod->name,
		       ver, utsname()->version);
		return -EINVAL;
	}
	return 0;
}

/*
 * The running original has an ftrace site at its entry exactly when the
 * build saw one: redirection goes through it, or (KPATCH_FUNC_ENTRY_JUMP)
 * through a jmp over the first bytes, which an ftrace site there would own.
 */
int kp_check_ftrace_site(const struct kp_func *f)
{
	bool has = kp_kernel.ftrace_location(f->old_addr) == f->old_addr;

	if (has == !f->entry_jump)
		return 0;
	pr_err("%s: %s (%s) %s an ftrace call site at its entry in the running kernel, unlike in the patch's original object; the patch was built from other source or config\n",
	       f->obj->patch->mod->name, f->name, f->obj->name, has ? "has" : "has no");
	return -EINVAL;
}

static bool kp_masked(const struct kpatch_func *f, u32 off)
{
	const struct kpatch_mask *m = (const void *)(unsigned long)f->masks;
	u32 i;

	for (i = 0; i < f->nr_masks; i++)
		if (off >= m[i].offset && off - m[i].offset < m[i].len)
			return true;
	return false;
}

int kp_verify_func(struct kp_func *func)
{
	const u8 *want = (const u8 *)(unsigned long)func->abi->orig_code;
	const char *patch = func->obj->patch->mod->name;
	u64 size = func->sym->size;
	u32 off;

	if (func->old_size < size || func->old_size - size > KP_SIZE_SLACK) {
		pr_err("%s: %s (%s): size %lu in the running kernel, %llu in the patch's original object; the patch was built from other source or config\n",
		       patch, func->name, func->obj->name, func->old_size, size);
		return -EINVAL;
	}
	for (off = 0; off < size; off++) {
		/* Under a jump-route jmp (jump.c) the saved bytes count. */
		u8 have = kp_jump_orig_byte(func->old_addr + off);

		if (have == want[off] || kp_masked(func->abi, off))
			continue;
		pr_err("%s: %s (%s): code differs at offset %#x (running %02x, expected %02x); the patch was built from other source or config\n",
		       patch, func->name, func->obj->name, off, have, want[off]);
		return -EINVAL;
	}
	return 0;
}
