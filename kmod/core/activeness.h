/* SPDX-License-Identifier: GPL-2.0 */
/* activeness.h - activeness.c: stack checks before and inside stop_machine. */
#ifndef KPATCH_ACTIVENESS_H
#define KPATCH_ACTIVENESS_H

#include "core.h"

struct kp_range {
	unsigned long start, end;
	const char *name;	/* function name for the log */
	const char *obj;	/* its object */
	bool replacement;	/* the range is a replacement, not an original */
};
struct kp_walk;
struct kp_walk *kp_walk_prepare(struct kp_range *ranges, unsigned int nr);
int kp_walk_in_stop(struct kp_walk *w);
void kp_walk_report(struct kp_walk *w, struct kp_patch *patch);
void kp_walk_free(struct kp_walk *w);
unsigned int kp_walk_rewalked(const struct kp_walk *w);
unsigned int kp_walk_tasks(const struct kp_walk *w);

#endif /* KPATCH_ACTIVENESS_H */
