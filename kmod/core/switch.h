/* SPDX-License-Identifier: GPL-2.0 */
/* switch.h - switch.c: hooks and transition around a switch of some objects. */
#ifndef KPATCH_SWITCH_H
#define KPATCH_SWITCH_H

#include "core.h"

/* The objects a switch moves: those of enabled-or-enabling patches in() takes. */
struct kp_switch_set {
	bool (*in)(const struct kp_patch *patch, const struct kp_object *obj, const void *arg);
	const void *arg;
};

int kp_switch_in(const struct kp_switch_set *set, struct kp_patch *enabling, const char *what);
int kp_switch_out(const struct kp_switch_set *set, const char *what, bool going);

#endif /* KPATCH_SWITCH_H */
