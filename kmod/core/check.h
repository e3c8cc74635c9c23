/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check.h - check.c: reject malformed .kpatch.* contents with -EINVAL, and
 * read checked ones.
 */
#ifndef KPATCH_CHECK_H
#define KPATCH_CHECK_H

#include "core.h"

int kp_check_abi(struct module *owner, struct kpatch_patch *patch);
const char *kp_str(u64 addr);
/* The original a struct kpatch_func names: abi, sym, name, entry_jump. */
void kp_func_from_abi(struct kp_func *fn, const struct kpatch_func *f);

#endif /* KPATCH_CHECK_H */
