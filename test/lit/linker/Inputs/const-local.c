// SPDX-License-Identifier: GPL-2.0
/*
 * Input of const-local.test: a read-only static local whose content
 * changes, as netlink's NL_SET_ERR_MSG() (`static const char __msg[] =
 * msg;` in a block of its own) makes of a corrected message.  Its users
 * refer to it by name, so their code is the same: the patch carries a
 * copy of the new content and replaces every function that reads it.
 * -DCASE_POINTER: a variable the patch does not carry points to the
 * constant (it would go on pointing to the old content): refused.
 * -DCASE_INIT: __init code, which ran at boot, reads it: refused.
 */
#include <linux/kernel.h>
#include <linux/init.h>

#ifdef PATCHED
#define MSG "link ID must be set for MLO group key"
#define STATE "idle"
#else
#define MSG "link ID must for MLO group key"
#define STATE "busy"
#endif

#define KPL_SET_MSG(dst, msg) do {		\
	static const char __msg[] = msg;	\
	*(dst) = __msg;				\
} while (0)

static inline int kpl_check(int link_id, const char **msg)
{
	if (link_id == -1) {
		KPL_SET_MSG(msg, MSG);
		return -22;
	}
	KPL_SET_MSG(msg, "ok");
	return 0;
}

/* Two users of the same message through the inlined helper. */
noinline int kpl_add_key(int link_id, const char **msg)
{
	return kpl_check(link_id, msg) + 1;
}

noinline int kpl_del_key(int link_id, const char **msg)
{
	return kpl_check(link_id, msg) + 2;
}

noinline int kpl_other(int x)
{
	return x * 3;
}

#ifdef CASE_POINTER
noinline const char *kpl_current(int reset)
{
	static const char first[] = STATE;	/* same size: cur is the same */
	static const char *cur = first;
	const char *r = cur;

	if (reset)
		cur = "reset";
	return r;
}
#endif

#ifdef CASE_INIT
const char *kpl_boot_msg;

static int __init kpl_setup(void)
{
	KPL_SET_MSG(&kpl_boot_msg, MSG " at boot");
	return 0;
}
early_initcall(kpl_setup);
#endif
