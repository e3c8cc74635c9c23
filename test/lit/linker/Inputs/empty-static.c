// SPDX-License-Identifier: GPL-2.0
// Without CONFIG_LOCKDEP, struct lock_class_key is empty: every
// mutex_init() leaves a static of size 0 that shares its address with
// whatever follows it.
struct lock_class_key { };
struct kpl_mutex { int owner; };

extern void __mutex_init(struct kpl_mutex *lock, const char *name, struct lock_class_key *key);

#define mutex_init(mutex)					\
do {								\
	static struct lock_class_key __key;			\
	__mutex_init((mutex), #mutex, &__key);			\
} while (0)

static int kpl_neighbour;

void kpl_other_setup(struct kpl_mutex *c)
{
	mutex_init(c);
	kpl_neighbour = 1;
}

void kpl_setup(struct kpl_mutex *a, struct kpl_mutex *b)
{
	mutex_init(a);
#ifdef PATCHED
	kpl_neighbour++;
#endif
	mutex_init(b);
}

int kpl_read(void)
{
	return kpl_neighbour;
}
