// SPDX-License-Identifier: GPL-2.0
// newfn-orig.c without goes_away() and with arrives().
int stays(int x)
{
	return x + 1;
}

int arrives(int x)
{
	return x * 6;
}
