// SPDX-License-Identifier: GPL-2.0
/*
 * bench_warn.ko - self-test of the VM bench's kernel-log detector: its init
 * fires one WARN() and then loads normally.  The scenario bench-warn
 * declares `# expect: kernel-warning`, so it passes only when the host saw
 * the WARNING on the console.  Never load it anywhere else: a WARN taints
 * the kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/module.h>

static int __init bench_warn_init(void)
{
	WARN(1, "kpatch-vm: deliberate warning from the bench self-test\n");
	return 0;
}

static void __exit bench_warn_exit(void)
{
}

module_init(bench_warn_init);
module_exit(bench_warn_exit);
MODULE_DESCRIPTION("kpatch VM bench: deliberate WARN() for the detector self-test");
MODULE_LICENSE("GPL");
