// SPDX-License-Identifier: GPL-2.0
// A small unit for the hostile-input tests: -DPATCHED changes one function.
int counter;
static const char message[] = "hello";

int answer(int x)
{
#ifdef PATCHED
	return x * 3 + counter;
#else
	return x * 2 + counter;
#endif
}

const char *greeting(void)
{
	return counter ? message : "hello, world";
}
