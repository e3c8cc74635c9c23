// SPDX-License-Identifier: GPL-2.0
/*
 * A target module for linker-special.sh: special.c's functions behind
 * /proc/kpl_target, which prints kpl_changed(5) and kpl_same(5).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "special.c"	/* test/lit/linker/Inputs/special.c */

static int kpl_show(struct seq_file *m, void *v)
{
	int x = 5;

	seq_printf(m, "%d %d\n", kpl_changed(&x), kpl_same(&x));
	return 0;
}

static int __init kpl_init(void)
{
	proc_create_single("kpl_target", 0444, NULL, kpl_show);
	return 0;
}

static void __exit kpl_exit(void)
{
	remove_proc_entry("kpl_target", NULL);
}

module_init(kpl_init);
module_exit(kpl_exit);
MODULE_LICENSE("GPL");
