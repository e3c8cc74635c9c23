/* SPDX-License-Identifier: GPL-2.0 */
/* objects.h - objects.c: per-object life cycle and the module notifier. */
#ifndef KPATCH_OBJECTS_H
#define KPATCH_OBJECTS_H

#include "core.h"

bool kp_object_present(struct kp_object *obj);
/* Resolve obj's functions in kallsyms and verify their running code. */
int kp_load_funcs(struct kp_object *obj);
int kp_object_load(struct kp_object *obj);
void kp_object_unload(struct kp_object *obj);
int kp_module_notifier_init(void);
void kp_module_notifier_exit(void);

#endif /* KPATCH_OBJECTS_H */
