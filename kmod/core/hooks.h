/* SPDX-License-Identifier: GPL-2.0 */
/* hooks.h - hooks.c: load/unload hooks of a patch object. */
#ifndef KPATCH_HOOKS_H
#define KPATCH_HOOKS_H

#include "core.h"

int kp_run_hooks(struct kp_patch *patch, struct kp_object *obj, u32 kind);

#endif /* KPATCH_HOOKS_H */
