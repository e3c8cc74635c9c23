// SPDX-License-Identifier: GPL-2.0
// clones-orig.c with a change inside every clone body.
struct big { int a, b, c, d, e, f, g, h; };
extern void sink(int);
extern void slow_path(const char *) __attribute__((cold));

/* ISRA: only one field of a struct passed by pointer is used. */
static __attribute__((noinline)) int isra_fn(struct big *p)
{
	return p->c * 7 + 4;
}

int use_isra(struct big *p)
{
	return isra_fn(p) + isra_fn(p + 1);
}

/* constprop: called with a constant argument everywhere. */
static __attribute__((noinline)) int cp_fn(int x, int scale)
{
	int i, s = 0;
	for (i = 0; i < x; i++)
		s += i * scale + 1;
	sink(s);
	return s;
}

int use_cp1(int x) { return cp_fn(x, 5); }
int use_cp2(int x) { return cp_fn(x + 1, 5); }

/* cold: an unlikely path split into foo.cold. */
int cold_fn(int x)
{
	if (__builtin_expect(x < 0, 0)) {
		slow_path("negative");
		sink(x * 4);
		slow_path("again");
		return -1;
	}
	return x + 1;
}

/* part: partial inlining of a function with a cheap early exit. */
static int part_fn(int *p)
{
	if (!p)
		return 0;
	sink(p[0]); sink(p[1]); sink(p[2]); sink(p[3]);
	sink(p[4]); sink(p[5]); sink(p[6]); sink(p[7]);
	return p[9];
}

int use_part1(int *p) { return part_fn(p) + 1; }
int use_part2(int *p) { return part_fn(p + 1) + 2; }
int use_part3(int *p) { return part_fn(p + 2) + 3; }
