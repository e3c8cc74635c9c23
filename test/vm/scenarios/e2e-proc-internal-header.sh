# SPDX-License-Identifier: GPL-2.0
# End to end, a header whose includers do not all compile in this config:
# kpatch-proc-internal-header.ko (test/e2e/patches/proc-internal-header.patch,
# the inline pde_get() of fs/proc/internal.h) replaces the vmlinux functions
# that inline it; procfs lookups and listings keep working while it is
# loaded, and nothing warns.
# modules: kpatch kpatch-proc-internal-header
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-proc-internal-header
before=$(ls /proc/tty)
check_contains info-lookup 'vmlinux:proc_lookup_de' kpatch info "$(module_path $P)"
check_contains info-readdir 'vmlinux:proc_readdir_de' kpatch info "$(module_path $P)"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq enabled 1 cat /sys/kernel/kpatch/kpatch_proc_internal_header/enabled
check_eq readdir-patched "$before" ls /proc/tty
check_contains lookup-patched '/dev/tty' cat /proc/tty/drivers
check unload kpatch unload $P
check_eq readdir-after "$before" ls /proc/tty
