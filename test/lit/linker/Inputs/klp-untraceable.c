// SPDX-License-Identifier: GPL-2.0
/*
 * Input of klp-untraceable.test: fs/proc/version.c with a static helper
 * without an ftrace entry (like 6.1's out-of-line __do_sys_X, `inline`
 * being notrace), which -DPATCHED changes.  version_proc_show, its only
 * caller, is in the stock kernel's kallsyms (livepatch positions).
 */
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

static notrace noinline void kpl_tail(struct seq_file *m)
{
#ifdef PATCHED
	seq_puts(m, "patched\n");
#else
	seq_puts(m, "\n");
#endif
}

static int version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, linux_proc_banner,
		utsname()->sysname,
		utsname()->release,
		utsname()->version);
	kpl_tail(m);
	return 0;
}

static int __init proc_version_init(void)
{
	proc_create_single("version", 0, NULL, version_proc_show);
	return 0;
}
fs_initcall(proc_version_init);
