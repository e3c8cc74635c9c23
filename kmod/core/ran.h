/* SPDX-License-Identifier: GPL-2.0 */
/* ran.h - which tasks ran since a moment (ran.c), for the activeness check. */
#ifndef KPATCH_RAN_H
#define KPATCH_RAN_H

#include <linux/sched.h>

void kp_ran_init(void);
void kp_ran_exit(void);
int kp_ran_start(void);
void kp_ran_stop(void);
bool kp_ran_complete(void);
struct task_struct *kp_ran_next(unsigned int *cursor);

#endif /* KPATCH_RAN_H */
