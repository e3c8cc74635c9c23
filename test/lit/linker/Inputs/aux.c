// SPDX-License-Identifier: GPL-2.0
/*
 * Input of aux.test: static_cpu_has() puts one out-of-line stub per use
 * into .altinstr_aux; only the changed function's stub belongs in the patch.
 */
#include <linux/kernel.h>
#include <asm/cpufeature.h>

#ifdef PATCHED
#define DELTA 2
#else
#define DELTA 1
#endif

noinline int kpl_aux_same(int x)
{
	if (static_cpu_has(X86_FEATURE_AVX2))
		return x + 5;
	return x;
}

noinline int kpl_aux_changed(int x)
{
	if (static_cpu_has(X86_FEATURE_AVX))
		return x + DELTA;
	return x;
}
