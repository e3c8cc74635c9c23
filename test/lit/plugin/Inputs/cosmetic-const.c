// SPDX-License-Identifier: GPL-2.0
// Original of the cosmetic-change tests: a bit of everything GCC numbers
// internally (labels, temporaries, static locals, string literals).
extern int printk(const char *fmt, ...);

struct item {
	int key;
	long value;
};

static int lookups;

static inline int hash(int key)
{
	return (key * 2654435761u) >> 28;
}

int classify(int v)
{
	switch (v) {
	case 0: return 10;
	case 1: return 20;
	case 2: return 35;
	case 3: return 47;
	case 4: return 52;
	case 5: return 68;
	default: return -1;
	}
}

long find(struct item *items, int n, int key)
{
	static int misses;
	int i;

	lookups++;
	for (i = 0; i < n; i++) {
		if (items[i].key == key)
			return items[i].value;
	}
	misses++;
	printk("%s: %d not found (%d misses)\n", __func__, key, misses);
	return -1;
}

int scale(int x)
{
	return hash(x) * 1000 + 8;
}
