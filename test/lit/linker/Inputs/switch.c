// SPDX-License-Identifier: GPL-2.0
/*
 * Input of switch.test: GCC turns the switch into a lookup table, the
 * read-only CSWTCH.N; -DPATCHED changes one entry.  Such tables are
 * numbered per file and have no identity: copied, neither referenced in
 * the running kernel nor refused as changed data.
 */
#include <linux/kernel.h>

#ifdef PATCHED
#define THIRD 36
#else
#define THIRD 35
#endif

noinline int kpl_switch(int x)
{
	switch (x) {
	case 0: return 11;
	case 1: return 22;
	case 2: return THIRD;
	case 3: return 47;
	case 4: return 51;
	default: return 0;
	}
}
