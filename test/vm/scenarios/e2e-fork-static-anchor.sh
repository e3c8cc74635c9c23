# SPDX-License-Identifier: GPL-2.0
# End to end, a replaced function newly reading an existing file-scope
# static (test/e2e/patches/fork-static-anchor.patch): nr_processes()
# (stat of /proc) now reads max_threads of kernel/fork.c, which only
# anchors taken from the stock-flags build find.  The message it prints
# must show the running kernel's max_threads: its value is threads-max,
# its address the one kallsyms gives.
# modules: kpatch kpatch-fork-static-anchor
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-fork-static-anchor
msgs() { dmesg | grep -c 'nr_processes: '; true; }
check_eq before-no-msg 0 msgs
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
stat /proc >/dev/null
line=$(dmesg | grep 'nr_processes: ' | tail -1)
log "patched: $line"
want_max=$(cat /proc/sys/kernel/threads-max)
want_addr=$(grep ' max_threads$' /proc/kallsyms | cut -d' ' -f1)
check_contains value "of max_threads $want_max at" echo "$line"
check_contains address "at $want_addr" echo "$line"
check unload kpatch unload $P
n=$(msgs)
stat /proc >/dev/null
check_eq restored-no-new-msg "$n" msgs
