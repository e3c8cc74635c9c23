# SPDX-License-Identifier: GPL-2.0
# End to end, one patch module for two objects: kpatch-multi-object.ko
# (test/e2e/patches/multi-object.patch) changes vmlinux's
# version_proc_show() and binfmt_misc's bm_status_read().  It is loaded
# while binfmt_misc is not: vmlinux is patched at once, binfmt_misc when it
# loads; unloading the patch restores both.
# modules: kpatch binfmt_misc kpatch-multi-object
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-multi-object
S=/sys/kernel/kpatch/kpatch_multi_object
before=$(cat /proc/version)
check_fails target-not-loaded test -e /sys/module/binfmt_misc
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_contains vmlinux-patched 'This has been patched!' cat /proc/version
check_eq module-waiting 0 cat $S/binfmt_misc/patched
check load-target load_module binfmt_misc || exit 1
check_eq module-patched 1 cat $S/binfmt_misc/patched
mkdir -p /tmp/bm2
check mount mount -t binfmt_misc none /tmp/bm2 || exit 1
check_eq status-patched 'enabled (live-patched)' cat /tmp/bm2/status
check unload kpatch unload $P
check_eq vmlinux-restored "$before" cat /proc/version
check_eq status-restored enabled cat /tmp/bm2/status
check umount umount /tmp/bm2
check unload-target unload_module binfmt_misc
