# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, the seed example: kpatch-build
# --format kpatch,klp made livepatch-version-proc.ko beside
# kpatch-version-proc.ko from one compile (test/e2e/patches/version-proc.patch).
# The stock kernel's own livepatch applies it, no kpatch.ko: its sysfs shows
# the patch, object and function (sympos 1 in the name: livepatch's
# "unique" spelling), the transition finishes, /proc/version changes, and
# disabling and unloading restores it.
# modules: livepatch-version-proc
# boot: shared
# timeout: 180
P=livepatch-version-proc
D=$(klp_dir $P)
before=$(cat /proc/version)
klp_load load $P || exit 1
# kpatch.ko may be loaded by other scenarios of the boot; this patch does not use it.
check_fails core-not-used sh -c 'ls /sys/module/kpatch/holders 2>/dev/null | grep -qx livepatch_version_proc'
check_contains patched 'This has been patched!' cat /proc/version
check_contains banner-kept "$(uname -r)" cat /proc/version
check object-dir test -d $D/vmlinux
check function-dir test -d "$D/vmlinux/version_proc_show,1"
klp_unload unload $P
check_eq restored "$before" cat /proc/version
check_fails module-gone test -e /sys/module/livepatch_version_proc
