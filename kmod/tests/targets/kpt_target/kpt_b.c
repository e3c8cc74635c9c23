// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_b.c - the other file with a static `counter` (see kpt_a.c); a patch
 * of kpt_count_a must leave this one alone.
 */
#include <linux/module.h>
#include "kpt_target.h"

static unsigned long before_b;
static unsigned long counter;
static unsigned long after_b;

kpt_patchable unsigned long kpt_count_b(void)
{
	before_b++;
	after_b++;
	return ++counter;
}
