/* SPDX-License-Identifier: GPL-2.0 */
/* direct.h - direct.c: the direct-call path (functions not on jump.c's route). */
#ifndef KPATCH_DIRECT_H
#define KPATCH_DIRECT_H

#include "core.h"

int kp_direct_bind(unsigned long ip);
void kp_direct_unbind(unsigned long ip, int tramp, unsigned long calls);
unsigned long kp_direct_tramp(int tramp);
int kp_direct_move(unsigned long ip, unsigned long from, unsigned long to);
bool kp_entry_stub_written(unsigned long new_addr);
unsigned long kp_entry_stub_write(unsigned long new_addr);
int kp_direct_prepare(int tramp, unsigned long target);
void kp_direct_set(int tramp, unsigned long target);

#endif /* KPATCH_DIRECT_H */
