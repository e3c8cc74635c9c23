// SPDX-License-Identifier: GPL-2.0
// Data whose initializer, size or neither changes.
struct limits {
	int lo, hi;
	const char *name;
};

struct limits table[] = {
	{ 0, 10, "small" },
	{ 10, 100, "medium" },
};

int buffer[16];
int untouched = 3;
const char *greeting = "hello";

int lookup(int i)
{
	return table[i].hi + buffer[i] + untouched;
}
