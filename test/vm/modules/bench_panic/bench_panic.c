// SPDX-License-Identifier: GPL-2.0
/*
 * bench_panic.ko - self-test of the VM bench's crash handling: its init
 * panics the kernel.  The scenario bench-panic declares
 * `# expect: kernel-panic`, so it passes only when the host saw the panic
 * on the console and the guest's death; nothing else may run in that boot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/panic.h>

static int __init bench_panic_init(void)
{
	panic("kpatch-vm: deliberate panic from the bench self-test\n");
	return 0;
}

module_init(bench_panic_init);
MODULE_DESCRIPTION("kpatch VM bench: deliberate panic() for the crash self-test");
MODULE_LICENSE("GPL");
