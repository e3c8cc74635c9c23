/* SPDX-License-Identifier: GPL-2.0 */
/* route.h - route.c: trampoline or entry stub. */
#ifndef KPATCH_ROUTE_H
#define KPATCH_ROUTE_H

#include "core.h"
#include "redirect.h"

int kp_leave_stubs(const struct kp_map *new);
void kp_settle_later(void);
void kp_settle_cancel(void);
const char *kp_route(const struct kp_func *f);

#endif /* KPATCH_ROUTE_H */
