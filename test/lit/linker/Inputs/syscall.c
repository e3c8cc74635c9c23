// SPDX-License-Identifier: GPL-2.0
/*
 * Input of syscall.test: a system call defined with SYSCALL_DEFINE2 in the
 * original and with KPATCH_SYSCALL_DEFINE2 (kpatch-syscall.h) in the
 * patched build, as kpatch patches do.  The functions keep their names;
 * no syscall metadata or error-injection entry is added.
 */
#include <linux/syscalls.h>
#ifdef PATCHED
#include "kpatch-syscall.h"
#define DEFINE2 KPATCH_SYSCALL_DEFINE2
#define DELTA 2
#else
#define DEFINE2 SYSCALL_DEFINE2
#define DELTA 1
#endif

DEFINE2(kpl_call, int, a, unsigned long, b)
{
	return a + b + DELTA;
}
