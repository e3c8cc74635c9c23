# SPDX-License-Identifier: GPL-2.0
# End to end, a module from the kernel tree: the stock binfmt_misc.ko is
# loaded, kpatch-build's kpatch-binfmt-misc-status.ko (from
# test/e2e/patches/binfmt-misc-status.patch, built through the kernel tree)
# changes what its status file says, and unloading restores it.
# modules: kpatch binfmt_misc kpatch-binfmt-misc-status
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-binfmt-misc-status
check load-target load_module binfmt_misc || exit 1
mkdir -p /tmp/bm
check mount mount -t binfmt_misc none /tmp/bm || exit 1
check_eq before enabled cat /tmp/bm/status
check_contains info-object 'binfmt_misc:bm_status_read' kpatch info "$(module_path $P)"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq object-patched 1 cat /sys/kernel/kpatch/kpatch_binfmt_misc_status/binfmt_misc/patched
check_eq patched 'enabled (live-patched)' cat /tmp/bm/status
check unload kpatch unload $P
check_eq restored enabled cat /tmp/bm/status
check umount umount /tmp/bm
check unload-target unload_module binfmt_misc
