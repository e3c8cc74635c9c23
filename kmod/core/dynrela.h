/* SPDX-License-Identifier: GPL-2.0 */
/* dynrela.h - dynrela.c: write relocations the module loader could not. */
#ifndef KPATCH_DYNRELA_H
#define KPATCH_DYNRELA_H

#include "core.h"

int kp_write_dynrelas(struct kp_patch *patch, struct kp_object *obj);
void kp_forget_dynrelas(struct kp_patch *patch, const char *objname);

#endif /* KPATCH_DYNRELA_H */
