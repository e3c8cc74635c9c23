# SPDX-License-Identifier: GPL-2.0
# End to end, a fix to a module loaded after the patch, with a tracepoint
# of its own and calls into another module: kpatch-ext4-sync-tracepoint.ko
# (test/e2e/patches/ext4-sync-tracepoint.patch) depends on none of crc16,
# mbcache, jbd2, ext4 and loads before them; ext4 is patched as it loads.
# ext4_sync_fs()'s tracepoint, a static branch on ext4's key that the
# patch tests in a stub, fires in the patched function while enabled and
# not while disabled.  Then the patch is loaded again with ext4 live and
# the tracepoint already on.
# modules: kpatch brd crc32c_generic crc16 mbcache jbd2 ext4 kpatch-ext4-sync-tracepoint
# tools: kpatch
# boot: own
# timeout: 400
P=kpatch-ext4-sync-tracepoint
S=/sys/kernel/kpatch/kpatch_ext4_sync_tracepoint
T=/sys/kernel/tracing
E=$T/events/ext4/ext4_sync_fs/enable
M='sync_fs: live-patched'

traced() { echo > $T/trace; sync; grep -q 'ext4_sync_fs:' $T/trace; }
patched_sync() { dmesg -c > /dev/null; sync; dmesg | grep -q "$M"; }

check_fails ext4-not-loaded test -e /sys/module/ext4
check_eq only-depends-on-kpatch 'depends=kpatch' sh -c "strings $(module_path $P) | grep '^depends='"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq ext4-waiting 0 cat $S/ext4/patched
check load-brd load_module brd rd_nr=1 rd_size=8192 || exit 1
check load-crc32c load_module crc32c_generic || exit 1  # ext4 asks for it by name
for m in crc16 mbcache jbd2 ext4; do
	check load-$m load_module $m || exit 1
done
check_eq ext4-patched 1 cat $S/ext4/patched
check mkfs sh -c 'mke2fs /dev/ram0 > /dev/null' || exit 1
mkdir -p /tmp/e4
check mount mount -t ext4 /dev/ram0 /tmp/e4 || exit 1
check write sh -c 'echo data > /tmp/e4/f'
check patched-code-runs patched_sync
check_fails tracepoint-off traced
echo 1 > $E
check tracepoint-on traced
check patched-while-traced patched_sync
echo 0 > $E
check_fails tracepoint-off-again traced
check unload kpatch unload $P
check_fails unpatched patched_sync

# The target live, the tracepoint already on when the patch comes.
echo 1 > $E
check reload kpatch load "$(module_path $P)" || exit 1
check_eq ext4-patched-live 1 cat $S/ext4/patched
check tracepoint-on-live traced
check patched-live patched_sync
echo 0 > $E
check_fails tracepoint-off-live traced
check unload-again kpatch unload $P
check umount umount /tmp/e4
for m in ext4 jbd2 mbcache crc16 crc32c_generic; do
	check unload-$m unload_module $m
done
