/* SPDX-License-Identifier: GPL-2.0 */
/*
 * livepatch-relocs.h - see livepatch-relocs.c.
 */
#ifndef KPATCH_LIVEPATCH_RELOCS_H
#define KPATCH_LIVEPATCH_RELOCS_H

void klp_relocs_init(void);
void klp_relocs_clear(const char *objname);

#endif
