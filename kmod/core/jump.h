/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jump.h - the jump route (jump.c): a jmp after the fentry site, written
 * inside the window or, bridged through ftrace, around it.
 */
#ifndef KPATCH_JUMP_H
#define KPATCH_JUMP_H

#include <linux/stop_machine.h>
#include "core.h"
#include "redirect.h"

int kp_jump_init(void);
void kp_jump_exit(void);
bool kp_jump_claim(const struct kp_func *f);
bool kp_jump_routed(unsigned long old_addr);
u8 kp_jump_orig_byte(unsigned long addr);
int kp_jump_plan(const struct kp_map *new);
int kp_jump_check_reach(void);
unsigned int kp_jump_bridge(int (*arm)(unsigned long ip, unsigned long now, unsigned long want));
int kp_jump_stop_machine(cpu_stop_fn_t fn, void *data, bool all_cpus, u64 window_ns[2]);
void kp_jump_switch(void (*sync)(void *), void *arg);
unsigned int kp_jump_unbridge(void (*disarm)(unsigned long ip));
void kp_jump_forget_unused(bool (*wanted)(unsigned long old_addr),
			   void (*disarm)(unsigned long ip));
void kp_jump_warn_livepatch(void);

#endif /* KPATCH_JUMP_H */
