// SPDX-License-Identifier: GPL-2.0
/*
 * kpe_oot.c - an out-of-tree module for the end-to-end test of
 * kpatch-build --oot-module: /proc/kpe_oot prints a greeting from
 * kpe_oot_greeting(), which test/e2e/patches/oot-module.patch changes.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static noinline const char *kpe_oot_greeting(void)
{
	return "original";
}

static int kpe_oot_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", kpe_oot_greeting());
	return 0;
}

static int __init kpe_oot_init(void)
{
	if (!proc_create_single("kpe_oot", 0444, NULL, kpe_oot_show))
		return -ENOMEM;
	return 0;
}

static void __exit kpe_oot_exit(void)
{
	remove_proc_entry("kpe_oot", NULL);
}

module_init(kpe_oot_init);
module_exit(kpe_oot_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch e2e: out-of-tree target module");
