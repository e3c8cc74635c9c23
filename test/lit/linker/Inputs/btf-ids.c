// SPDX-License-Identifier: GPL-2.0
/*
 * Input of btf-ids.test: BTF ID sets (<linux/btf_ids.h>), as
 * kernel/bpf/bpf_lsm.c keeps its hooks.  Their entries are zeros in the
 * object; resolve_btfids writes the IDs (and sorts a set) when vmlinux or
 * a module is linked.  -DPATCHED changes the function that reads the
 * existing set and list; with -DCASE_NEW it also reads a new set, which a patch
 * module cannot carry (nothing would fill it in: it would stay empty).
 */
#include <linux/kernel.h>
#include <linux/bpf.h>
#include <linux/btf_ids.h>

noinline int kpl_hook_a(int x)
{
	return x;
}

noinline int kpl_hook_b(int x)
{
	return x + 1;
}

BTF_SET_START(kpl_hooks)
BTF_ID(func, kpl_hook_a)
BTF_ID(func, kpl_hook_b)
BTF_SET_END(kpl_hooks)

BTF_ID_LIST(kpl_list)
BTF_ID(func, kpl_hook_b)

#if defined(PATCHED) && defined(CASE_NEW)
BTF_SET_START(kpl_disabled_hooks)
BTF_ID(func, kpl_hook_b)
BTF_SET_END(kpl_disabled_hooks)
#endif

noinline int kpl_verify(u32 btf_id)
{
#if defined(PATCHED) && defined(CASE_NEW)
	if (btf_id_set_contains(&kpl_disabled_hooks, btf_id))
		return -EPERM;
#endif
	if (!btf_id_set_contains(&kpl_hooks, btf_id))
#ifdef PATCHED
		return -EOPNOTSUPP;
#else
		return -EINVAL;
#endif
	return btf_id == kpl_list[0];
}
