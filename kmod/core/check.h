/* SPDX-License-Identifier: GPL-2.0 */
/* check.h - check.c: reject malformed .kpatch.* contents with -EINVAL. */
#ifndef KPATCH_CHECK_H
#define KPATCH_CHECK_H

#include "core.h"

int kp_check_abi(struct module *owner, struct kpatch_patch *patch);
const char *kp_str(u64 addr);

#endif /* KPATCH_CHECK_H */
