// SPDX-License-Identifier: GPL-2.0
// A structure shared by several functions (version 1).
struct packet {
	int len;
	int flags;
	char data[32];
};
