/* SPDX-License-Identifier: GPL-2.0 */
/* early.h - early.c: early dynrelas, as a patch module comes. */
#ifndef KPATCH_EARLY_H
#define KPATCH_EARLY_H

#include "core.h"

bool kp_dynrela_is_early(const struct kpatch_patch *abi, u32 i);
int kp_early_init(void);
void kp_early_exit(void);

#endif /* KPATCH_EARLY_H */
