// SPDX-License-Identifier: GPL-2.0
// statics-orig.c plus a new function with its own static local `count`:
// GCC numbers static locals from the last one declared, so every other
// count.N moves up by one.
int first(void)
{
	static int count;

	return ++count;
}

int second(void)
{
	static int count = 5;

	return count += 2;
}

int third(int x)
{
	static int count;
	static const int table[] = { 1, 2, 3, 4 };

	count++;
	return table[x & 3] + count;
}
int last(void)
{
	static int count = 9;

	return count--;
}
