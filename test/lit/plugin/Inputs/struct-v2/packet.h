// SPDX-License-Identifier: GPL-2.0
// Version 2: `flags` moved after `data`, so its offset changes.
struct packet {
	int len;
	char data[32];
	int flags;
};
