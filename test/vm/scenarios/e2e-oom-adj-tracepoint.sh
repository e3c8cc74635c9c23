# SPDX-License-Identifier: GPL-2.0
# End to end, a function holding a tracepoint and a pr_warn_once():
# kpatch-oom-adj-tracepoint.ko (test/e2e/patches/oom-adj-tracepoint.patch)
# replaces __set_oom_adj.isra.0.  The patched code logs, its tracepoint
# fires once the event is enabled (its jump label was linked to the
# kernel's key as the module loaded), and its pr_warn_once() shares the
# kernel's flag: the deprecation warning the unpatched code printed is not
# printed again.
# modules: kpatch kpatch-oom-adj-tracepoint
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-oom-adj-tracepoint
T=/sys/kernel/tracing
E=$T/events/oom/oom_score_adj_update/enable
deprecated() { dmesg | grep -c 'oom_adj is deprecated'; true; }
check legacy-before sh -c 'echo 3 > /proc/self/oom_adj'
check_eq warned-once-before 1 deprecated
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_contains early-keys 'static branch key(s) in vmlinux set' dmesg
check set-min sh -c 'echo -1000 > /proc/self/oom_score_adj'
check_contains patched-logs 'can no longer be OOM-killed' dmesg
check event-on sh -c "echo > $T/trace; echo 1 > $E"
check set-traced sh -c 'echo 123 > /proc/self/oom_score_adj'
check_contains traced 'oom_score_adj=123' cat $T/trace
check event-off sh -c "echo 0 > $E; echo > $T/trace"
check set-untraced sh -c 'echo 124 > /proc/self/oom_score_adj'
check_fails not-traced grep -q 'oom_score_adj=124' $T/trace
check legacy-patched sh -c 'echo 4 > /proc/self/oom_adj'
check_eq still-warned-once 1 deprecated
# The jump route, or the stub if a special site lay after its fentry site.
check_eventually route-settled 10 settled sh -c 'case $(cat /sys/kernel/kpatch/kpatch_oom_adj_tracepoint/vmlinux/__set_oom_adj.isra.0/route) in jump|stub) echo settled;; *) echo not settled;; esac' 
check unload kpatch unload $P
check set-after sh -c 'echo 0 > /proc/self/oom_score_adj'
