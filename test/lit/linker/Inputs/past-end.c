// SPDX-License-Identifier: GPL-2.0
// References into data without a symbol of their own: a loop's end
// pointer just past a static array (the compiler writes it as the
// array's section plus its size), and the end of an object in an
// explicit section that holds several (__read_mostly).
#define __read_mostly __attribute__((__section__(".data..read_mostly")))

extern int kpl_ext(int);

static const struct kpl_entry {
	const char *desc;
	int endpoint;
} kpl_table[] = {
	{ "alpha", 1 }, { "beta", 2 }, { "gamma", 3 },
};

static int kpl_first[4] __read_mostly = { 1, 2, 3, 4 };
static int kpl_second[6] __read_mostly = { 5, 6, 7, 8, 9, 10 };

int kpl_sum(void)
{
	const struct kpl_entry *p;
	int s = 0;

	for (p = kpl_table; p < kpl_table + sizeof(kpl_table) / sizeof(kpl_table[0]); p++)
#ifdef PATCHED
		s += p->endpoint * 2 + kpl_ext(p->desc[0]);
#else
		s += p->endpoint + kpl_ext(p->desc[0]);
#endif
	return s;
}

int kpl_mostly(void)
{
	int *p, s = 0;

	for (p = kpl_first; p < kpl_first + 4; p++)
#ifdef PATCHED
		s += kpl_ext(*p) + 1;
#else
		s += kpl_ext(*p);
#endif
	return s + kpl_second[1];
}
