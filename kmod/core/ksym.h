/* SPDX-License-Identifier: GPL-2.0 */
/* ksym.h - ksym.c: kernel internals that 6.1 does not export. */
#ifndef KPATCH_KSYM_H
#define KPATCH_KSYM_H

#include "core.h"

struct kp_kernel {
	unsigned long (*lookup_name)(const char *name);
	int (*on_each_symbol)(int (*fn)(void *, const char *, struct module *,
					unsigned long), void *data);
	int (*module_on_each_symbol)(int (*fn)(void *, const char *,
					       struct module *, unsigned long),
				     void *data);
	int (*lookup_size_offset)(unsigned long addr, unsigned long *size,
				  unsigned long *offset);
	void *(*text_poke)(void *addr, const void *opcode, size_t len);
	struct mutex *text_mutex;
	int (*save_tsk_reliable)(struct task_struct *tsk, unsigned long *store,
				 unsigned int size);
	unsigned int (*save_tsk)(struct task_struct *tsk, unsigned long *store,
				 unsigned int size, unsigned int skipnr);
	int (*task_call_func)(struct task_struct *p,
			      int (*func)(struct task_struct *, void *),
			      void *arg);
	struct module *(*find_module)(const char *name);
	unsigned long (*ftrace_location)(unsigned long ip);
};
extern struct kp_kernel kp_kernel;
int kp_kernel_init(void);

#endif /* KPATCH_KSYM_H */
