// SPDX-License-Identifier: GPL-2.0
/*
 * klp_answer.ko - a livepatch of the kernel's own livepatch, not kpatch:
 * kpt_answer() of kpt_target returns 3.  core-livepatch loads it beside
 * kpatch patches of the same function.
 */
#include <linux/livepatch.h>
#include <linux/module.h>

static int klp_answer(void)
{
	return 3;
}

static struct klp_func funcs[] = {
	{ .old_name = "kpt_answer", .new_func = klp_answer },
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

static int __init klp_answer_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_answer_exit(void)
{
}

module_init(klp_answer_init);
module_exit(klp_answer_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("kpatch VM tests: a livepatch of kpt_answer()");
