# SPDX-License-Identifier: GPL-2.0
# kpatch-link output (fs/proc/version.c, version_proc_show changed) in a
# patch module built from the kmod/patch template: loads, applies, unloads.
# modules: kpatch kpatch-version
# boot: own
# timeout: 120
check load-core load_module kpatch || exit 1
check_fails before grep -q '^patched ' /proc/version
dmesg -c > /dev/null
check load-patch load_module kpatch-version

check after grep -q '^patched Linux version' /proc/version
cat /proc/version
echo 0 > /sys/kernel/kpatch/kpatch_version/enabled 2>/dev/null
check unload unload_module kpatch-version
check_fails reverted grep -q '^patched ' /proc/version
