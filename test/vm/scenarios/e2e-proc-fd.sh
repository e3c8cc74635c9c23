# SPDX-License-Identifier: GPL-2.0
# End to end, a header change: kpatch-proc-fd-inline.ko (from
# test/e2e/patches/proc-fd-inline.patch, the inline proc_fd() in
# fs/proc/fd.h) replaces the vmlinux functions that inline it; /proc/PID/fd
# and /proc/PID/fdinfo keep answering the same while it is loaded.
# modules: kpatch kpatch-proc-fd-inline
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-proc-fd-inline
exec 3</proc/version
before=$(cat /proc/$$/fdinfo/3)
check_contains fdinfo-before 'flags:' cat /proc/$$/fdinfo/3
check_contains info-seq_show 'vmlinux:seq_show' kpatch info "$(module_path $P)"
check_contains info-proc_fd_link 'vmlinux:proc_fd_link' kpatch info "$(module_path $P)"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq enabled 1 cat /sys/kernel/kpatch/kpatch_proc_fd_inline/enabled
check_eq fdinfo-patched "$before" cat /proc/$$/fdinfo/3
check_eq fd-link-patched /proc/version readlink /proc/$$/fd/3
check_fails no-such-fd cat /proc/$$/fdinfo/77
check unload kpatch unload $P
check_eq fdinfo-after "$before" cat /proc/$$/fdinfo/3
exec 3<&-
