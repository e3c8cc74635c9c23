/* SPDX-License-Identifier: GPL-2.0 */
/* transition.h - transition.c: switch the live map inside stop_machine. */
#ifndef KPATCH_TRANSITION_H
#define KPATCH_TRANSITION_H

#include "core.h"

int kp_transition(struct kp_patch *patch, const char *what);

#endif /* KPATCH_TRANSITION_H */
