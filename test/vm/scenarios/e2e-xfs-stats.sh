# SPDX-License-Identifier: GPL-2.0
# End to end, kpatch's xfs "module" integration test
# (test/e2e/patches/xfs-stats.patch): xfs_stats_format() uses the end of
# its static xstats[] table, which no symbol contains.  The patch loads
# before xfs; once xfs comes, /proc/fs/xfs/stat ends in "debug 0 kpatch"
# and every stats group is still there; after unloading, "debug 0".
# modules: kpatch crc32c_generic libcrc32c xfs kpatch-xfs-stats
# tools: kpatch
# boot: own
# timeout: 300
P=kpatch-xfs-stats
S=/sys/kernel/kpatch/kpatch_xfs_stats
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq xfs-waiting 0 cat $S/xfs/patched
for m in crc32c_generic libcrc32c xfs; do
	check load-$m load_module $m || exit 1
done
check_eq xfs-patched 1 cat $S/xfs/patched
check_eq patched-line 'debug 0 kpatch' tail -n 1 /proc/fs/xfs/stat
# The loop up to the table's end printed every group, the last one "qm".
check_eq all-groups 23 sh -c "grep -cE '^(extent_alloc|abt|blk_map|bmbt|dir|trans|ig|log|push_ail|xstrat|rw|attr|icluster|vnodes|buf|abtb2|abtc2|bmbt2|ibt2|fibt2|rmapbt|refcntbt|qm) ' /proc/fs/xfs/stat"
check unload kpatch unload $P
check_eq restored-line 'debug 0' tail -n 1 /proc/fs/xfs/stat
