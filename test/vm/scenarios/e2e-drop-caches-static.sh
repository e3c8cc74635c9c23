# SPDX-License-Identifier: GPL-2.0
# End to end, an existing function-static variable kept by the replacement
# (test/e2e/patches/drop-caches-static.patch): kpatch-drop-caches-static.ko
# replaces drop_caches_sysctl_handler(); the new message appears, and its
# 'stfu' is the running kernel's: set to 4 through the patched code, it
# keeps the original code quiet after the patch is unloaded.
# modules: kpatch kpatch-drop-caches-static
# tools: kpatch
# boot: own
# timeout: 180
P=kpatch-drop-caches-static
D=/proc/sys/vm/drop_caches
msgs() { dmesg | grep -c 'drop_caches: '; true; }
check_contains before-msg 'drop_caches: 1' sh -c "echo 1 > $D; dmesg | tail -3"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_contains patched-msg 'drop_caches: 3 (pagecache slab)' sh -c "echo 3 > $D; dmesg | tail -3"
check silence sh -c "echo 4 > $D"
n=$(msgs)
check patched-quiet sh -c "echo 1 > $D"
check_eq patched-no-new-msg "$n" msgs
check unload kpatch unload $P
check restored-write sh -c "echo 1 > $D"
check_eq original-quiet-too "$n" msgs
