// SPDX-License-Identifier: GPL-2.0
/*
 * ksym.c - find the kernel internals that 6.1 does not export.
 *
 * kallsyms_lookup_name() lost its export in 5.7.  A kprobe on it still
 * resolves its address (register_kprobe() fills kp.addr), and from there
 * every other symbol, functions and (KALLSYMS_ALL=y) data alike.  Nothing
 * here calls anything; it only fills kp_kernel.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kprobes.h>
#include "core.h"
#include "ksym.h"

struct kp_kernel kp_kernel;

static unsigned long kp_find_lookup_name(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;

	if (register_kprobe(&kp) < 0)
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

/* One named internal and where its address goes. */
struct kp_need {
	const char *name;
	void **slot;
};

#define NEED(field, sym) { sym, (void **)&kp_kernel.field }

int kp_kernel_init(void)
{
	const struct kp_need needs[] = {
		NEED(on_each_symbol, "kallsyms_on_each_symbol"),
		NEED(module_on_each_symbol, "module_kallsyms_on_each_symbol"),
		NEED(lookup_size_offset, "kallsyms_lookup_size_offset"),
		NEED(text_poke, "text_poke"),
		NEED(text_mutex, "text_mutex"),
		NEED(save_tsk_reliable, "stack_trace_save_tsk_reliable"),
		NEED(save_tsk, "stack_trace_save_tsk"),
		NEED(task_call_func, "task_call_func"),
		NEED(find_module, "find_module"),
		NEED(ftrace_location, "ftrace_location"),
	};
	unsigned int i;

	kp_kernel.lookup_name = (void *)kp_find_lookup_name();
	if (!kp_kernel.lookup_name) {
		pr_err("cannot find kallsyms_lookup_name through a kprobe (CONFIG_KPROBES?)\n");
		return -ENOENT;
	}
	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		*needs[i].slot = (void *)kp_kernel.lookup_name(needs[i].name);
		if (!*needs[i].slot) {
			pr_err("kernel symbol %s not found in kallsyms; this kernel is not supported\n",
			       needs[i].name);
			return -ENOENT;
		}
	}
	return 0;
}
