/* SPDX-License-Identifier: GPL-2.0 */
/* sysfs.h - sysfs.c: /sys/kernel/kpatch/. */
#ifndef KPATCH_SYSFS_H
#define KPATCH_SYSFS_H

#include "core.h"

int kp_sysfs_init(void);
void kp_sysfs_exit(void);
int kp_sysfs_add(struct kp_patch *patch);
void kp_sysfs_del(struct kp_patch *patch);

#endif /* KPATCH_SYSFS_H */
