// SPDX-License-Identifier: GPL-2.0
// A static helper inlined into two callers and never emitted on its own.
static inline int limit(int x)
{
	return x > 128 ? 128 : x;
}

int clamp_add(int a, int b)
{
	return limit(a + b);
}

int clamp_mul(int a, int b)
{
	return limit(a * b);
}

int unrelated(int a)
{
	return a ^ 0x5a;
}
