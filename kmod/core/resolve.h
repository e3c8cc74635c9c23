/* SPDX-License-Identifier: GPL-2.0 */
/* resolve.h - resolve.c: find target symbols in kallsyms, anchors disambiguating. */
#ifndef KPATCH_RESOLVE_H
#define KPATCH_RESOLVE_H

#include "core.h"

struct kp_sym_req {
	const struct kpatch_symbol *sym;
	unsigned long addr;	/* result */
	unsigned long size;	/* result: size from kallsyms */
	unsigned int matches;
};
int kp_resolve(struct kp_object *obj, struct kp_sym_req *reqs,
	       unsigned int nr);

#endif /* KPATCH_RESOLVE_H */
