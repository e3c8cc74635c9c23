/* SPDX-License-Identifier: GPL-2.0 */
/* verify.h - verify.c: kernel release and original-code checks. */
#ifndef KPATCH_VERIFY_H
#define KPATCH_VERIFY_H

#include "core.h"

int kp_verify_release(struct kp_patch *patch);
int kp_check_ftrace_site(const struct kp_func *f);
int kp_verify_func(struct kp_func *func);

#endif /* KPATCH_VERIFY_H */
