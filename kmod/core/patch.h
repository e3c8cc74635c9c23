/* SPDX-License-Identifier: GPL-2.0 */
/* patch.h - patch.c: enable and disable whole patches. */
#ifndef KPATCH_PATCH_H
#define KPATCH_PATCH_H

#include "core.h"

int kp_enable(struct kp_patch *patch);
int kp_disable(struct kp_patch *patch);

#endif /* KPATCH_PATCH_H */
