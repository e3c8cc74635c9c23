// SPDX-License-Identifier: GPL-2.0
/*
 * dynrela.c - write the relocations the module loader could not resolve.
 *
 * A dynrela is written when the object its symbol lives in is loaded:
 * vmlinux at kpatch_register(), a module when it comes (and again after
 * each reload).  The patch module's text and rodata are read-only by the
 * time its init runs (6.1 module_enable_ro()), so those sites are
 * written with text_poke() under text_mutex; writable sites are plain
 * stores.  Either way nothing executes the site yet: the functions using
 * it become reachable only when their object is switched in afterwards.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/elf.h>
#include <linux/memory.h>
#include <linux/slab.h>
#include "core.h"
#include "check.h"
#include "dynrela.h"
#include "ksym.h"
#include "resolve.h"

static bool kp_dynrela_for(const struct kpatch_dynrela *d, const char *objname)
{
	const struct kpatch_symbol *s = (const void *)(unsigned long)d->symbol;

	return !strcmp(kp_str(s->objname), objname);
}

/* The bytes to store at d->dest for symbol address sym, or -ERANGE. */
static int kp_dynrela_value(const struct kpatch_dynrela *d, unsigned long sym,
			    u64 *val, unsigned int *len)
{
	s64 v;

	switch (d->type) {
	case R_X86_64_64:
		*val = sym + d->addend;
		*len = 8;
		return 0;
	case R_X86_64_PC64:
		*val = sym + d->addend - d->dest;
		*len = 8;
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		v = (s64)(sym + d->addend - d->dest);
		break;
	default: /* R_X86_64_32S, the only other type check.c lets through */
		v = (s64)(sym + d->addend);
		break;
	}
	if (v != (s32)v)
		return -ERANGE;
	*val = (u32)(s32)v;
	*len = 4;
	return 0;
}

static void kp_store(struct module *owner, unsigned long dest, u64 val,
		     unsigned int len)
{
	unsigned long ro_end = (unsigned long)owner->core_layout.base +
			       owner->core_layout.ro_after_init_size;

	if (dest < ro_end) {
		kp_kernel.text_poke((void *)dest, &val, len);
		return;
	}
	if (len == 8)
		WRITE_ONCE(*(u64 *)dest, val);
	else
		WRITE_ONCE(*(u32 *)dest, (u32)val);
}

static int kp_apply(struct kp_patch *patch, struct kp_object *obj, u32 *idx,
		    struct kp_sym_req *reqs, unsigned int n)
{
	const struct kpatch_dynrela *d = (const void *)(unsigned long)patch->abi->dynrelas;
	unsigned int i, len;
	u64 val;

	/* Compute everything first: a range error must leave nothing written. */
	for (i = 0; i < n; i++) {
		if (kp_dynrela_value(&d[idx[i]], reqs[i].addr, &val, &len)) {
			pr_err("%s: dynrela %u to %s (%s) does not fit its 32-bit field\n",
			       patch->mod->name, idx[i], kp_str(reqs[i].sym->name), obj->name);
			return -ERANGE;
		}
	}
	mutex_lock(kp_kernel.text_mutex);
	for (i = 0; i < n; i++) {
		kp_dynrela_value(&d[idx[i]], reqs[i].addr, &val, &len);
		kp_store(patch->mod, d[idx[i]].dest, val, len);
		patch->dynrela_done[idx[i]] = true;
	}
	mutex_unlock(kp_kernel.text_mutex);
	return 0;
}

int kp_write_dynrelas(struct kp_patch *patch, struct kp_object *obj)
{
	const struct kpatch_dynrela *d = (const void *)(unsigned long)patch->abi->dynrelas;
	struct kp_sym_req *reqs;
	unsigned int i, n = 0;
	u32 *idx;
	int ret;

	for (i = 0; i < patch->abi->nr_dynrelas; i++)
		n += !patch->dynrela_done[i] && kp_dynrela_for(&d[i], obj->name);
	if (!n)
		return 0;
	reqs = kvcalloc(n, sizeof(*reqs), GFP_KERNEL);
	idx = kvcalloc(n, sizeof(*idx), GFP_KERNEL);
	ret = -ENOMEM;
	if (!reqs || !idx)
		goto out;
	for (i = 0, n = 0; i < patch->abi->nr_dynrelas; i++) {
		if (patch->dynrela_done[i] || !kp_dynrela_for(&d[i], obj->name))
			continue;
		reqs[n].sym = (const void *)(unsigned long)d[i].symbol;
		idx[n++] = i;
	}
	ret = kp_resolve(obj, reqs, n);
	if (!ret)
		ret = kp_apply(patch, obj, idx, reqs, n);
out:
	kvfree(idx);
	kvfree(reqs);
	return ret;
}

void kp_forget_dynrelas(struct kp_patch *patch, const char *objname)
{
	const struct kpatch_dynrela *d = (const void *)(unsigned long)patch->abi->dynrelas;
	unsigned int i;

	for (i = 0; i < patch->abi->nr_dynrelas; i++)
		if (kp_dynrela_for(&d[i], objname))
			patch->dynrela_done[i] = false;
}
