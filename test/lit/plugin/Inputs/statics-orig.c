// SPDX-License-Identifier: GPL-2.0
// Static locals: GCC numbers their symbols (count.0, count.1, ...) in an
// order that shifts when another function gains or loses one.
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
