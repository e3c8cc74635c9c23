# SPDX-License-Identifier: GPL-2.0
# End to end, a touched .c that is only compiled #included by another
# (test/e2e/patches/sched-debug-included.patch): kpatch-build patches
# kernel/sched/debug.c through build_utility.o, and the replaced
# proc_sched_show_task() runs: with schedstats off /proc/PID/sched says so,
# the line follows kernel.sched_schedstats toggled after the load (a static
# branch on a vmlinux key), and unloading restores the old output.
# modules: kpatch kpatch-sched-debug-included
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-sched-debug-included
S=/proc/sys/kernel/sched_schedstats
LINE='schedstats: off (sysctl kernel.sched_schedstats=1 turns them on)'
has_line() { grep -qF "$LINE" /proc/self/sched; }
check_contains info 'vmlinux:proc_sched_show_task' kpatch info "$(module_path $P)"
old=$(cat $S)
check before-off sh -c "echo 0 > $S"
check_fails before-no-line has_line
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check patched-line has_line
check_contains patched-rest 'nr_switches' cat /proc/self/sched
check stats-on sh -c "echo 1 > $S"
check_fails patched-on-no-line has_line
check_contains patched-on-stats 'wait_count' cat /proc/self/sched
check stats-off sh -c "echo 0 > $S"
check patched-off-line has_line
check unload kpatch unload $P
check_fails restored-no-line has_line
check_contains restored-rest 'nr_switches' cat /proc/self/sched
echo "$old" > $S
