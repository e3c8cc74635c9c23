// SPDX-License-Identifier: GPL-2.0
// Functions in a named section that several share, like the kernel's
// __sched (.sched.text): with -ffunction-sections they still share it, and
// the assembler resolves the calls between them without relocations.
#define __sched __attribute__((__section__(".sched.text")))
#define noinline __attribute__((__noinline__))

extern int kpl_ext(int);
static int kpl_count;

static noinline int __sched kpl_helper(int x)
{
	return kpl_ext(x) + kpl_count++;
}

static noinline int __sched kpl_helper2(int x)
{
	return kpl_ext(x * 3) + 1;
}

#ifdef CASE_NEW
static noinline int __sched kpl_added(int x)
{
	return kpl_ext(x ^ 0x55) - 1;
}
#endif

/* Changed: calls kpl_helper, which stays in the running kernel. */
int __sched kpl_sched_a(int x)
{
#if defined(CASE_NEW)
	return kpl_helper(x) + kpl_added(x);
#elif defined(PATCHED)
	return kpl_helper(x) + 2;
#else
	return kpl_helper(x) + 1;
#endif
}

/* A tail call to a near neighbour: the assembler makes it a short jump. */
int __sched kpl_sched_b(int x)
{
	if (x)
		return kpl_helper2(x);
#ifdef CASE_SHORT
	return kpl_helper(x + 9);
#else
	return kpl_helper(x + 7);
#endif
}

/* noinstr code stays refused: it may not be traced or redirected. */
#define __noinstr __attribute__((__section__(".noinstr.text")))

int __noinstr kpl_idle(int x)
{
#ifdef CASE_NOINSTR
	return x + 2;
#else
	return x + 1;
#endif
}

int __noinstr kpl_idle2(int x)
{
	return x * 5;
}
