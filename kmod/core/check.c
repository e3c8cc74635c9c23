// SPDX-License-Identifier: GPL-2.0
/*
 * check.c - refuse malformed .kpatch.* contents before touching anything.
 *
 * Every address in the ABI was filled by the module loader; a broken
 * linker, a truncated object or a hostile module can still hand us
 * garbage.  Each pointer must land inside the patch module's core image
 * with the whole array behind it, counts are bounded, strings end inside
 * the module, enums are known.  Any violation is -EINVAL with a message
 * naming the field; nothing is dereferenced before it is checked.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/ctype.h>
#include <linux/elf.h>
#include "core.h"
#include "check.h"
#include "direct.h"
#include "ksym.h"

#define KP_MAX_FUNCS 16384U
#define KP_MAX_DYNRELAS (1U << 20)
#define KP_MAX_HOOKS 1024U
#define KP_MAX_MASKS 65536U
#define KP_MAX_ANCHORS 64U
#define KP_MAX_FUNC_SIZE (1UL << 20)

struct kp_checker {
	struct module *mod;
	const char *patch;
	unsigned long base, size, text_size;
};

static bool kp_in_core(const struct kp_checker *c, u64 addr, u64 len)
{
	return addr >= c->base && len <= c->size && addr - c->base <= c->size - len;
}

static bool kp_in_text(const struct kp_checker *c, u64 addr, u64 len)
{
	return addr >= c->base && len <= c->text_size &&
	       addr - c->base <= c->text_size - len;
}

/*
 * A string wholly inside the module, NUL-terminated within max bytes, of
 * printable ASCII (graphic only for a name): what is refused is never
 * logged raw.
 */
static bool kp_good_text(const struct kp_checker *c, u64 addr, size_t max, bool name)
{
	const char *s = (const char *)(unsigned long)addr;
	size_t room, len, i;

	if (!kp_in_core(c, addr, 1))
		return false;
	room = min_t(size_t, max, c->base + c->size - addr);
	len = strnlen(s, room);
	if (len == room)
		return false;
	for (i = 0; i < len; i++)
		if (name ? !isgraph(s[i]) : !isprint(s[i]))
			return false;
	return true;
}

/* A symbol or module name: printable, no spaces. */
static bool kp_good_name(const struct kp_checker *c, u64 addr, size_t max)
{
	return kp_good_text(c, addr, max, true);
}

static bool kp_good_str(const struct kp_checker *c, u64 addr, size_t max)
{
	return kp_good_text(c, addr, max, false);
}

const char *kp_str(u64 addr)
{
	return (const char *)(unsigned long)addr;
}

void kp_func_from_abi(struct kp_func *fn, const struct kpatch_func *f)
{
	fn->abi = f;
	fn->sym = (const void *)(unsigned long)f->symbol;
	fn->name = kp_str(fn->sym->name);
	fn->entry_jump = f->flags & KPATCH_FUNC_ENTRY_JUMP;
}

static int kp_bad(const struct kp_checker *c, const char *what, unsigned int i)
{
	pr_err("%s: malformed patch: %s (entry %u); rebuild the patch module with a matching kpatch-link\n",
	       c->patch, what, i);
	return -EINVAL;
}

/* An array of n elements of size sz, 8-byte aligned, inside the module. */
static bool kp_good_array(const struct kp_checker *c, u64 addr, u32 n, size_t sz)
{
	if (!n)
		return true;
	return !(addr & 7) && kp_in_core(c, addr, (u64)n * sz);
}

static int kp_check_symbol(const struct kp_checker *c, u64 addr, unsigned int i,
			   bool is_func)
{
	const struct kpatch_symbol *s;
	const u64 *anchors;
	u32 j;

	if (!kp_good_array(c, addr, 1, sizeof(*s)) || !addr)
		return kp_bad(c, "symbol pointer outside the module", i);
	s = (const void *)(unsigned long)addr;
	if (!kp_good_name(c, s->name, KSYM_NAME_LEN) || !*kp_str(s->name))
		return kp_bad(c, "symbol name", i);
	if (!kp_good_name(c, s->objname, MODULE_NAME_LEN) || !*kp_str(s->objname))
		return kp_bad(c, "symbol object name", i);
	if (is_func && (!s->size || s->size > KP_MAX_FUNC_SIZE))
		return kp_bad(c, "function size is zero or too large", i);
	if (s->ref_func && (!kp_good_array(c, s->ref_func, 1, sizeof(*s)) ||
			    s->ref_offset > KP_MAX_FUNC_SIZE))
		return kp_bad(c, "symbol reference site", i);
	if (!s->nr_anchors)
		return 0;
	if (s->nr_anchors > KP_MAX_ANCHORS || s->anchor_self >= s->nr_anchors ||
	    !kp_good_array(c, s->anchors, s->nr_anchors, sizeof(u64)))
		return kp_bad(c, "symbol anchors", i);
	anchors = (const u64 *)(unsigned long)s->anchors;
	for (j = 0; j < s->nr_anchors; j++)
		if (!kp_good_name(c, anchors[j], KSYM_NAME_LEN))
			return kp_bad(c, "anchor name", i);
	if (strcmp(kp_str(anchors[s->anchor_self]), kp_str(s->name)))
		return kp_bad(c, "anchors[anchor_self] is not the symbol's name", i);
	return 0;
}

/*
 * Code the core calls or redirects to must start a function of the patch
 * module's kallsyms: inside the text is not enough, an address one byte
 * off would be run from the middle of an instruction.
 */
static bool kp_function_start(u64 addr)
{
	unsigned long size, off;

	return kp_kernel.lookup_size_offset(addr, &size, &off) && !off && size;
}

/*
 * The KPATCH_ENTRY_PAD bytes before a replacement: inside the module's
 * text, padding only (int3 from kpatch-link, nop from GCC's
 * patchable_function_entry), or the entry stub kpatch.ko writes there.
 */
static bool kp_good_pad(const struct kp_checker *c, u64 new_addr)
{
	const u8 *pad = (const u8 *)(unsigned long)(new_addr - KPATCH_ENTRY_PAD);
	unsigned int i;

	if (new_addr < KPATCH_ENTRY_PAD || !kp_in_text(c, new_addr - KPATCH_ENTRY_PAD,
							KPATCH_ENTRY_PAD))
		return false;
	if (kp_entry_stub_written(new_addr))
		return true;
	for (i = 0; i < KPATCH_ENTRY_PAD; i++)
		if (pad[i] != 0xcc && pad[i] != 0x90)
			return false;
	return true;
}

static int kp_check_funcs(const struct kp_checker *c, const struct kpatch_patch *p)
{
	const struct kpatch_func *f = (const void *)(unsigned long)p->funcs;
	const struct kpatch_symbol *s;
	const struct kpatch_mask *m;
	u32 i, j;
	int ret;

	if (p->nr_funcs > KP_MAX_FUNCS || !kp_good_array(c, p->funcs, p->nr_funcs, sizeof(*f)))
		return kp_bad(c, "funcs array", 0);
	for (i = 0; i < p->nr_funcs; i++, f++) {
		if (f->flags & ~(u32)(KPATCH_FUNC_FORCE_UNSAFE | KPATCH_FUNC_ENTRY_PAD |
				      KPATCH_FUNC_ENTRY_JUMP))
			return kp_bad(c, "unknown function flags", i);
		if ((f->flags & KPATCH_FUNC_ENTRY_JUMP) && (f->flags & KPATCH_FUNC_FORCE_UNSAFE))
			return kp_bad(c, "force-unsafe function without an ftrace site", i);
		if (!kp_in_text(c, f->new_addr, f->new_size ?: 1))
			return kp_bad(c, "replacement outside the module's text", i);
		if (!kp_function_start(f->new_addr))
			return kp_bad(c, "replacement is not the start of a function", i);
		if ((f->flags & KPATCH_FUNC_ENTRY_PAD) && !kp_good_pad(c, f->new_addr))
			return kp_bad(c, "entry pad not padding (int3 or nop) inside the module's text", i);
		ret = kp_check_symbol(c, f->symbol, i, true);
		if (ret)
			return ret;
		s = (const void *)(unsigned long)f->symbol;
		if (!f->orig_code || !kp_in_core(c, f->orig_code, s->size))
			return kp_bad(c, "original code outside the module", i);
		if (f->nr_masks > KP_MAX_MASKS ||
		    !kp_good_array(c, f->masks, f->nr_masks, sizeof(*m)))
			return kp_bad(c, "masks array", i);
		m = (const void *)(unsigned long)f->masks;
		for (j = 0; j < f->nr_masks; j++)
			if ((u64)m[j].offset + m[j].len > s->size)
				return kp_bad(c, "mask beyond the function's end", i);
	}
	return 0;
}

static int kp_check_dynrelas(const struct kp_checker *c, const struct kpatch_patch *p)
{
	const struct kpatch_dynrela *d = (const void *)(unsigned long)p->dynrelas;
	u32 i;
	int ret;

	if (p->nr_dynrelas > KP_MAX_DYNRELAS ||
	    !kp_good_array(c, p->dynrelas, p->nr_dynrelas, sizeof(*d)))
		return kp_bad(c, "dynrelas array", 0);
	for (i = 0; i < p->nr_dynrelas; i++, d++) {
		unsigned int width = kpatch_dynrela_width(d->type, d->flags);

		if (d->flags & ~(u32)KPATCH_DYNRELA_EARLY)
			return kp_bad(c, "unknown dynrela flags", i);
		if (!width)
			return kp_bad(c, "unsupported dynrela type (or early one not PC64)", i);
		if (!kp_in_core(c, d->dest, width))
			return kp_bad(c, "dynrela destination outside the module", i);
		ret = kp_check_symbol(c, d->symbol, i, false);
		if (ret)
			return ret;
		if ((d->flags & KPATCH_DYNRELA_EARLY) &&
		    strcmp(kp_str(((const struct kpatch_symbol *)(unsigned long)d->symbol)->objname),
			   KPATCH_VMLINUX))
			return kp_bad(c, "early dynrela to a symbol outside vmlinux", i);
	}
	return 0;
}

static int kp_check_hooks(const struct kp_checker *c, const struct kpatch_patch *p)
{
	const struct kpatch_hook *h = (const void *)(unsigned long)p->hooks;
	u32 i;

	if (p->nr_hooks > KP_MAX_HOOKS ||
	    !kp_good_array(c, p->hooks, p->nr_hooks, sizeof(*h)))
		return kp_bad(c, "hooks array", 0);
	for (i = 0; i < p->nr_hooks; i++, h++) {
		if (h->kind < KPATCH_HOOK_PRE_PATCH || h->kind > KPATCH_HOOK_UNLOAD)
			return kp_bad(c, "unknown hook kind", i);
		if (h->flags)
			return kp_bad(c, "unknown hook flags", i);
		if (!kp_in_text(c, h->fn, 1))
			return kp_bad(c, "hook function outside the module's text", i);
		if (!kp_function_start(h->fn))
			return kp_bad(c, "hook function is not the start of a function", i);
		/* Non-empty: the object gets a sysfs directory of that name. */
		if (!kp_good_name(c, h->objname, MODULE_NAME_LEN) || !*kp_str(h->objname))
			return kp_bad(c, "hook object name", i);
	}
	return 0;
}

int kp_check_abi(struct module *owner, struct kpatch_patch *patch)
{
	struct kp_checker c = {
		.mod = owner,
		.patch = owner->name,
		.base = (unsigned long)owner->core_layout.base,
		.size = owner->core_layout.size,
		.text_size = owner->core_layout.text_size,
	};
	int ret;

	if (!kp_in_core(&c, (unsigned long)patch, sizeof(*patch)))
		return kp_bad(&c, "struct kpatch_patch outside the module", 0);
	if (patch->magic != KPATCH_MAGIC)
		return kp_bad(&c, "bad magic (not a kpatch patch)", 0);
	if (patch->abi_version != KPATCH_ABI_VERSION) {
		pr_err("%s: patch ABI version %u, this kpatch.ko speaks %u; rebuild the patch\n",
		       c.patch, patch->abi_version, KPATCH_ABI_VERSION);
		return -EINVAL;
	}
	if (patch->flags & ~(u32)KPATCH_PATCH_REPLACE)
		return kp_bad(&c, "unknown patch flags", 0);
	if (!kp_good_str(&c, patch->kernel_release, 65))
		return kp_bad(&c, "kernel_release string", 0);
	if (patch->kernel_version && !kp_good_str(&c, patch->kernel_version, 65))
		return kp_bad(&c, "kernel_version string", 0);
	ret = kp_check_funcs(&c, patch);
	if (!ret)
		ret = kp_check_dynrelas(&c, patch);
	if (!ret)
		ret = kp_check_hooks(&c, patch);
	return ret;
}
