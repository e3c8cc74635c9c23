// SPDX-License-Identifier: GPL-2.0
// Users of struct packet; compiled against struct-v1/ or struct-v2/.
#include "packet.h"

int packet_flags(struct packet *p)
{
	return p->flags;
}

void packet_set(struct packet *p, int f)
{
	p->flags = f | 1;
}

int packet_len(struct packet *p)
{
	return p->len;
}

int not_a_user(int x)
{
	return x - 1;
}
