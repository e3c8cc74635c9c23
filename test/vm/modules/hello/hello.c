// SPDX-License-Identifier: GPL-2.0
/*
 * hello.ko - the VM bench's smoke-test module.  Loading it creates
 * /proc/kpatch_hello, which reads "kpatch-vm hello" (one line); unloading
 * removes it.  It proves the bench can build a module with kbuild against
 * the target kernel's headers and load it into that kernel; it exercises
 * nothing of kpatch itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static struct proc_dir_entry *hello_entry;

static int hello_show(struct seq_file *m, void *v)
{
	seq_puts(m, "kpatch-vm hello\n");
	return 0;
}

static int __init hello_init(void)
{
	hello_entry = proc_create_single("kpatch_hello", 0444, NULL, hello_show);
	if (!hello_entry) {
		pr_err("cannot create /proc/kpatch_hello\n");
		return -ENOMEM;
	}
	return 0;
}

static void __exit hello_exit(void)
{
	proc_remove(hello_entry);
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_DESCRIPTION("kpatch VM bench: /proc/kpatch_hello smoke test");
MODULE_LICENSE("GPL");
