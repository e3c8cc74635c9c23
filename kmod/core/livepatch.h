/* SPDX-License-Identifier: GPL-2.0 */
/* livepatch.h - the functions the kernel's own livepatch redirects (livepatch.c). */
#ifndef KPATCH_LIVEPATCH_H
#define KPATCH_LIVEPATCH_H

#include <linux/types.h>

void kp_livepatch_init(void);
bool kp_livepatch_redirects(unsigned long addr, char *owner);

#endif /* KPATCH_LIVEPATCH_H */
