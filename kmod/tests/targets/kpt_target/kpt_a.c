// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_a.c - one of two files with a static `counter`: kallsyms holds two
 * symbols of that name in kpt_target, so a patch touching this one must
 * tell them apart (anchors: its neighbours below).
 */
#include <linux/module.h>
#include "kpt_target.h"

static unsigned long before_a;
static unsigned long counter;
static unsigned long after_a;

kpt_patchable unsigned long kpt_count_a(void)
{
	before_a++;
	after_a++;
	return ++counter;
}
