// SPDX-License-Identifier: GPL-2.0
// A small unit with one of everything the record describes.
extern int printk(const char *fmt, ...);

static int counter;
int global_init = 42;
const char banner[] = "hello";

static inline int helper(int x)
{
	return x * 3 + 1;
}

int caller1(int y)
{
	static int calls;

	calls++;
	counter += y;
	return helper(y) + counter;
}

int caller2(int y)
{
	static int calls;

	calls += 2;
	printk("%s %d\n", banner, calls);
	return helper(y + 1);
}

__attribute__((no_instrument_function)) int untraced(int z)
{
	return z - 7;
}
