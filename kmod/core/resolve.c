// SPDX-License-Identifier: GPL-2.0
/*
 * resolve.c - find a target object's symbols in kallsyms.
 *
 * The object's symbols are streamed in address order (vmlinux: kallsyms
 * order; a module: its symtab, copied and sorted).  A symbol without
 * anchors must occur exactly once in the object.  A symbol with anchors
 * (abi.h) is accepted at a candidate address when the anchors before
 * anchor_self occur, in order, among the KP_WINDOW names just before the
 * candidate, and the anchors after it among the KP_WINDOW names just
 * after it (a subsequence, so symbols kallsyms has and the object lacks,
 * or the reverse, do not break the match).  Exactly one candidate must
 * be accepted: -ENOENT for none, -ENOTUNIQ for several.  A symbol with a
 * reference site is read from the running original first (abi.h).
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/bsearch.h>
#include <linux/elf.h>
#include <linux/kallsyms.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "core.h"
#include "check.h"
#include "ksym.h"
#include "resolve.h"

#define KP_WINDOW 64
#define KP_MAX_PENDING 64

struct kp_pending {
	struct kp_sym_req *req;
	unsigned long addr;
	u32 next;		/* next forward anchor to find */
	unsigned int left;	/* names left in the window */
};

struct kp_resolver {
	struct kp_sym_req **sorted;	/* requests sorted by name */
	unsigned int nr;
	bool anchored;			/* some request has anchors: keep the ring */
	char (*ring)[KSYM_NAME_LEN];
	unsigned int ring_head, ring_len;
	struct kp_pending pend[KP_MAX_PENDING];
	unsigned int nr_pend;
	bool overflow;
	const char *objname;		/* a module's name; NULL for vmlinux */
};

static const char *kp_anchor(const struct kpatch_symbol *s, u32 i)
{
	return kp_str(((const u64 *)(unsigned long)s->anchors)[i]);
}

static void kp_accept(struct kp_sym_req *req, unsigned long addr)
{
	if (!req->matches++)
		req->addr = addr;
}

/* Are anchors[0..anchor_self) a subsequence of the ring, ending at its newest? */
static bool kp_back_ok(const struct kp_resolver *r, const struct kpatch_symbol *s)
{
	int want = (int)s->anchor_self - 1;
	unsigned int k;

	for (k = 0; k < r->ring_len && want >= 0; k++) {
		unsigned int slot = (r->ring_head + KP_WINDOW - 1 - k) % KP_WINDOW;

		if (!strcmp(r->ring[slot], kp_anchor(s, want)))
			want--;
	}
	return want < 0;
}

static void kp_advance_pending(struct kp_resolver *r, const char *name)
{
	unsigned int i = 0;

	while (i < r->nr_pend) {
		struct kp_pending *p = &r->pend[i];
		const struct kpatch_symbol *s = p->req->sym;

		if (!strcmp(name, kp_anchor(s, p->next)) && ++p->next == s->nr_anchors) {
			kp_accept(p->req, p->addr);
		} else if (--p->left) {
			i++;
			continue;
		}
		r->pend[i] = r->pend[--r->nr_pend];
	}
}

static void kp_candidate(struct kp_resolver *r, struct kp_sym_req *req,
			 unsigned long addr)
{
	const struct kpatch_symbol *s = req->sym;

	if (!s->nr_anchors) {
		kp_accept(req, addr);
		return;
	}
	if (!kp_back_ok(r, s))
		return;
	if (s->anchor_self + 1 == s->nr_anchors) {
		kp_accept(req, addr);
		return;
	}
	if (r->nr_pend == KP_MAX_PENDING) {
		r->overflow = true;
		return;
	}
	r->pend[r->nr_pend++] = (struct kp_pending){
		.req = req, .addr = addr, .next = s->anchor_self + 1, .left = KP_WINDOW,
	};
}

static int kp_cmp_req_name(const void *key, const void *elt)
{
	const struct kp_sym_req *req = *(struct kp_sym_req *const *)elt;

	return strcmp(key, kp_str(req->sym->name));
}

static void kp_feed(struct kp_resolver *r, const char *name, unsigned long addr)
{
	struct kp_sym_req **hit;

	if (r->nr_pend)
		kp_advance_pending(r, name);
	hit = bsearch(name, r->sorted, r->nr, sizeof(*hit), kp_cmp_req_name);
	if (hit) {
		/* Several requests may share a name: visit the whole run. */
		while (hit > r->sorted && !kp_cmp_req_name(name, hit - 1))
			hit--;
		for (; hit < r->sorted + r->nr && !kp_cmp_req_name(name, hit); hit++)
			kp_candidate(r, *hit, addr);
	}
	if (r->anchored) {
		strscpy(r->ring[r->ring_head], name, KSYM_NAME_LEN);
		r->ring_head = (r->ring_head + 1) % KP_WINDOW;
		if (r->ring_len < KP_WINDOW)
			r->ring_len++;
	}
}

static int kp_feed_vmlinux(void *data, const char *name, struct module *mod,
			   unsigned long addr)
{
	kp_feed(data, name, addr);
	return 0;
}

struct kp_modsym {
	unsigned long addr;
	char *name;
};

struct kp_modsyms {
	const char *objname;
	struct kp_modsym *syms;
	unsigned int nr, cap;
	int err;
};

static int kp_collect_modsym(void *data, const char *name, struct module *mod,
			     unsigned long addr)
{
	struct kp_modsyms *ms = data;

	if (strcmp(mod->name, ms->objname) || !*name)
		return 0;
	if (ms->nr == ms->cap) {
		unsigned int cap = ms->cap ? 2 * ms->cap : 256;
		struct kp_modsym *n = kvrealloc(ms->syms, ms->cap * sizeof(*n),
						cap * sizeof(*n), GFP_KERNEL);

		if (!n)
			goto nomem;
		ms->syms = n;
		ms->cap = cap;
	}
	ms->syms[ms->nr].addr = addr;
	ms->syms[ms->nr].name = kstrdup(name, GFP_KERNEL);
	if (!ms->syms[ms->nr].name)
		goto nomem;
	ms->nr++;
	return 0;
nomem:
	ms->err = -ENOMEM;
	return -ENOMEM;
}

static int kp_cmp_modsym(const void *a, const void *b)
{
	const struct kp_modsym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int kp_stream_module(struct kp_resolver *r)
{
	struct kp_modsyms ms = { .objname = r->objname };
	unsigned int i;

	kp_kernel.module_on_each_symbol(kp_collect_modsym, &ms);
	if (!ms.err) {
		sort(ms.syms, ms.nr, sizeof(*ms.syms), kp_cmp_modsym, NULL);
		for (i = 0; i < ms.nr; i++)
			kp_feed(r, ms.syms[i].name, ms.syms[i].addr);
	}
	for (i = 0; i < ms.nr; i++)
		kfree(ms.syms[i].name);
	kvfree(ms.syms);
	return ms.err;
}

static int kp_cmp_req(const void *a, const void *b)
{
	const struct kp_sym_req *x = *(struct kp_sym_req *const *)a;
	const struct kp_sym_req *y = *(struct kp_sym_req *const *)b;

	return strcmp(kp_str(x->sym->name), kp_str(y->sym->name));
}

static int kp_judge(struct kp_object *obj, struct kp_sym_req *reqs, unsigned int nr)
{
	unsigned long off;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		const char *name = kp_str(reqs[i].sym->name);

		if (reqs[i].matches != 1) {
			pr_err("%s: symbol %s in %s: %s (%u anchors); the patch was built for other code\n",
			       obj->patch->mod->name, name, obj->name,
			       reqs[i].matches ? "several candidates match" : "not found",
			       reqs[i].sym->nr_anchors);
			return reqs[i].matches ? -ENOTUNIQ : -ENOENT;
		}
		if (!kp_kernel.lookup_size_offset(reqs[i].addr, &reqs[i].size, &off) || off)
			reqs[i].size = 0;
	}
	return 0;
}

/* The address the relocated field at site holds, for relocation type and addend. */
static bool kp_decode_site(unsigned long site, u32 type, s64 addend, unsigned long *addr)
{
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*addr = site + *(s32 *)site - addend;
		return true;
	case R_X86_64_32S:
		*addr = (long)*(s32 *)site - addend;
		return true;
	case R_X86_64_64:
		*addr = *(u64 *)site - addend;
		return true;
	default:
		return false;
	}
}

/*
 * A reference site (abi.h): read the symbol's address in the running
 * original of a replaced function that refers to it.  kp_object_load()
 * resolved that function and verified its code before any dynrela, and
 * kallsyms must name the symbol at the address read.  false: use the
 * anchors.
 */
static bool kp_resolve_by_ref(struct kp_object *obj, struct kp_sym_req *req)
{
	const struct kpatch_symbol *sym = req->sym;
	char buf[KSYM_SYMBOL_LEN];
	const struct kp_func *f = NULL;
	unsigned long addr;
	size_t len;
	unsigned int i;

	if (!sym->ref_func)
		return false;
	for (i = 0; i < obj->nr_funcs; i++)
		if ((unsigned long)obj->funcs[i]->sym == sym->ref_func && obj->funcs[i]->old_addr)
			f = obj->funcs[i];
	if (!f || (u64)sym->ref_offset + sizeof(u64) > f->old_size ||
	    !kp_decode_site(f->old_addr + sym->ref_offset, sym->ref_type, sym->ref_addend, &addr))
		return false;
	sprint_symbol(buf, addr);
	len = strlen(kp_str(sym->name));
	if (strncmp(buf, kp_str(sym->name), len) || strncmp(buf + len, "+0x0/", 5))
		return false;
	req->addr = addr;
	return true;
}

int kp_resolve(struct kp_object *obj, struct kp_sym_req *reqs, unsigned int nr)
{
	struct kp_resolver *r;
	unsigned int i, n = 0;
	int ret = 0;

	if (!nr)
		return 0;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->sorted = kcalloc(nr, sizeof(*r->sorted), GFP_KERNEL);
	if (!r->sorted) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		reqs[i].matches = kp_resolve_by_ref(obj, &reqs[i]);
		if (reqs[i].matches)
			continue;
		r->sorted[n++] = &reqs[i];
		r->anchored |= reqs[i].sym->nr_anchors > 0;
	}
	r->nr = n;
	if (!n)
		goto judge;
	sort(r->sorted, n, sizeof(*r->sorted), kp_cmp_req, NULL);
	if (r->anchored) {
		r->ring = kvmalloc(KP_WINDOW * KSYM_NAME_LEN, GFP_KERNEL);
		if (!r->ring) {
			ret = -ENOMEM;
			goto out;
		}
	}
	if (obj->mod) {
		r->objname = obj->name;
		ret = kp_stream_module(r);
	} else {
		kp_kernel.on_each_symbol(kp_feed_vmlinux, r);
	}
	/* Candidates near the end of the object: the stream ended, their window too. */
	if (!ret && r->overflow) {
		pr_err("%s: too many anchored candidates in %s\n", obj->patch->mod->name, obj->name);
		ret = -E2BIG;
	}
judge:
	if (!ret)
		ret = kp_judge(obj, reqs, nr);
out:
	kvfree(r->ring);
	kfree(r->sorted);
	kfree(r);
	return ret;
}
