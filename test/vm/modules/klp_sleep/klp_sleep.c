// SPDX-License-Identifier: GPL-2.0
/*
 * klp_sleep.ko - a livepatch (the kernel's, not kpatch) of kpt_wait_here()
 * in kpt_target, where the kthread kpt_sleeper sleeps (echo 1 >
 * /proc/kpt_sleep): while it sleeps there the patch transition cannot
 * finish; once patched, a new sleeper naps in klp_wait_here() and holds
 * the unpatch transition.  e2e-klp-cli checks that `kpatch load` and
 * `kpatch unload` name that task.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/sched.h>

static unsigned long klp_naps;

/*
 * Never reached by a sleeper already inside the old version: naps and
 * returns.  The count after the nap keeps its frame (no tail call), so a
 * sleeper napping here holds the unpatch transition.
 */
static void klp_wait_here(void)
{
	schedule_timeout_interruptible(HZ / 10);
	WRITE_ONCE(klp_naps, klp_naps + 1);
}

static struct klp_func funcs[] = {
	{ .old_name = "kpt_wait_here", .new_func = klp_wait_here },
	{}
};

static struct klp_object objs[] = {
	{ .name = "kpt_target", .funcs = funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_sleep_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_sleep_exit(void)
{
}

module_init(klp_sleep_init);
module_exit(klp_sleep_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("kpatch VM tests: a livepatch of kpt_wait_here(), held by kpt_sleeper");
