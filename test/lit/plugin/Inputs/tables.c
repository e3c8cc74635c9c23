// SPDX-License-Identifier: GPL-2.0
// Compiler-made data numbered per file: switch-conversion tables
// (CSWTCH.N) and file-scope compound literals (__compound_literal.N).
// -DPATCHED adds one of each before the others, which renumbers every
// later one, and changes one entry of the table of `scaled`.
// The kernel's __UNIQUE_ID(): a name numbered by __COUNTER__.
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define KEEP_ADDRESS(fn) \
	static void *__PASTE(__PASTE(__UNIQUE_ID_, addr), __COUNTER__) __attribute__((used)) = (void *)&fn

extern void take(const int *);

#ifdef PATCHED
#define SCALE_3 37
#else
#define SCALE_3 35
#endif

int first(int x)
{
#ifdef PATCHED
	KEEP_ADDRESS(take);

	switch (x) {
	case 0: return 3;
	case 1: return 9;
	case 2: return 27;
	case 3: return 81;
	case 4: return 243;
	default: return -1;
	}
#else
	return x * 2;
#endif
}

#ifdef PATCHED
static const int *early = (const int[]){ 7, 8, 9 };
const int *get_early(void) { return early; }
#endif

// Unchanged: its table is renumbered only.
int second(int x)
{
	switch (x) {
	case 0: return 11;
	case 1: return 22;
	case 2: return 35;
	case 3: return 47;
	case 4: return 51;
	default: return 0;
	}
}

// Unchanged, two tables: told apart by their order in the function.
int third(int x, int y)
{
	int a, b;

	switch (x) {
	case 0: a = 5; break;
	case 1: a = 15; break;
	case 2: a = 25; break;
	case 3: a = 36; break;
	case 4: a = 45; break;
	default: a = 0; break;
	}
	switch (y) {
	case 0: b = 101; break;
	case 1: b = 103; break;
	case 2: b = 107; break;
	case 3: b = 109; break;
	case 4: b = 113; break;
	default: b = 1; break;
	}
	return a * b;
}

// Changed: one value of its table.
int scaled(int x)
{
	switch (x) {
	case 0: return 5;
	case 1: return 16;
	case 2: return 25;
	case 3: return SCALE_3;
	case 4: return 45;
	default: return 0;
	}
}

// Unchanged: its literal is renumbered only.
static int *late = (int[]){ 1, 2, 3 };
int *get_late(void) { return late; }

// Unchanged: with -fmerge-all-constants its literal becomes a static
// copy C.N, numbered by the same per-file counter as CSWTCH.N.
int from_literal(int x)
{
	take((const int[40]){ 2, 6, 10, 14, 18, 22, 26, 30, 34, 38 });
	return x;
}

// Unchanged: static locals named by __COUNTER__, which `first` moves.
int counted(int x)
{
	KEEP_ADDRESS(take);
	KEEP_ADDRESS(from_literal);

	return x + 1;
}
