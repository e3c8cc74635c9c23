/* SPDX-License-Identifier: GPL-2.0 */
/* redirect.h - redirect.c: the ftrace side: the live map and the armed call sites. */
#ifndef KPATCH_REDIRECT_H
#define KPATCH_REDIRECT_H

#include "core.h"

struct kp_map_entry {
	unsigned long old_addr;
	unsigned long new_addr;
	struct kp_func *func;
};
struct kp_map {
	unsigned int nr;
	struct kp_map_entry e[];
};
struct kp_map *kp_map_build(void);
struct kp_map *kp_map_current(void);
const struct kp_map_entry *kp_map_find(const struct kp_map *map,
				       unsigned long ip);
/*
 * The armed call sites (redirect.c), sorted by ip: each calls the handler
 * or, with direct calls, a trampoline or an entry stub (route.c).
 */
struct kp_armed {
	unsigned long ip;
	int tramp;		/* direct.c trampoline, or -1: the handler */
	unsigned long entry;	/* the entry stub the site calls instead, or 0 */
	bool bridge;		/* a jump site's, for one transition (jump.c) */
};
unsigned int kp_armed_count(void);
struct kp_armed *kp_armed_at(unsigned int i);
struct kp_armed *kp_armed_find(unsigned long ip);
int kp_ftrace_init(void);
void kp_ftrace_exit(void);
int kp_ftrace_prepare(const struct kp_map *new);
void kp_ftrace_disarm_unused(void);
int kp_ftrace_bridge(unsigned long ip, unsigned long now, unsigned long want);
void kp_ftrace_unbridge(unsigned long ip);
void kp_map_publish(struct kp_map *map);

#endif /* KPATCH_REDIRECT_H */
