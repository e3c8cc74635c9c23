# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, one patch for vmlinux and a module
# that is not loaded yet (livepatch-multi-object.ko from
# test/e2e/patches/multi-object.patch): vmlinux is patched at once; the
# binfmt_misc object waits (patched 0) and is patched as the module loads
# (livepatch's module notifier writes its .klp.rela.binfmt_misc.* then);
# removed and loaded again, it is patched again.
# modules: binfmt_misc livepatch-multi-object
# boot: shared
# timeout: 180
P=livepatch-multi-object
D=$(klp_dir $P)
before=$(cat /proc/version)
check_fails target-not-loaded test -e /sys/module/binfmt_misc
klp_load load $P || exit 1
check_contains vmlinux-patched 'This has been patched!' cat /proc/version
check_eq module-waiting 0 cat $D/binfmt_misc/patched
check load-target load_module binfmt_misc || exit 1
check_eq module-patched 1 cat $D/binfmt_misc/patched
mkdir -p /tmp/bm3
check mount mount -t binfmt_misc none /tmp/bm3 || exit 1
check_eq status-patched 'enabled (live-patched)' cat /tmp/bm3/status
# The module goes and comes back while the patch stays: the template
# zeroes its relocations as the object goes (livepatch-relocs.c; 6.1's
# livepatch does not, and would refuse the second load).
check umount-for-reload umount /tmp/bm3
check module-gone unload_module binfmt_misc
check_eq module-waiting-again 0 cat $D/binfmt_misc/patched
check reload-target load_module binfmt_misc || exit 1
check_eq module-patched-again 1 cat $D/binfmt_misc/patched
check remount mount -t binfmt_misc none /tmp/bm3 || exit 1
check_eq status-patched-again 'enabled (live-patched)' cat /tmp/bm3/status
klp_unload unload $P
check_eq vmlinux-restored "$before" cat /proc/version
check_eq status-restored enabled cat /tmp/bm3/status
check umount umount /tmp/bm3
check unload-target unload_module binfmt_misc
