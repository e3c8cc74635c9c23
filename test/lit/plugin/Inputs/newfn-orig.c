// SPDX-License-Identifier: GPL-2.0
// A function goes away and another one arrives.
int stays(int x)
{
	return x + 1;
}

int goes_away(int x)
{
	return x * 5;
}
