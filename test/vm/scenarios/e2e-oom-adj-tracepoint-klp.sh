# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, a function holding a tracepoint:
# livepatch-oom-adj-tracepoint.ko (test/e2e/patches/oom-adj-tracepoint.patch)
# replaces __set_oom_adj.isra.0 (a duplicated-name-free static, sympos from
# the stock image).  Its static key is vmlinux's: the key field of its
# __jump_table entry is a .klp.rela.vmlinux relocation, written as the
# module loads, before jump_label reads the entry, so the patched code's
# tracepoint fires once the event is enabled and stays quiet when it is not.
# (Runs after e2e-oom-adj-tracepoint in the shared boot, whose checks of
# the log and the print-once flag it leaves true.)
# modules: livepatch-oom-adj-tracepoint
# boot: shared
# timeout: 180
P=livepatch-oom-adj-tracepoint
T=/sys/kernel/tracing
E=$T/events/oom/oom_score_adj_update/enable
logged=$(dmesg | grep -c 'can no longer be OOM-killed')
klp_load load $P || exit 1
check set-min sh -c 'echo -1000 > /proc/self/oom_score_adj'
check_eq patched-logs $((logged + 1)) sh -c "dmesg | grep -c 'can no longer be OOM-killed'"
check event-on sh -c "echo > $T/trace; echo 1 > $E"
check set-traced sh -c 'echo 321 > /proc/self/oom_score_adj'
check_contains traced 'oom_score_adj=321' cat $T/trace
check event-off sh -c "echo 0 > $E; echo > $T/trace"
check set-untraced sh -c 'echo 322 > /proc/self/oom_score_adj'
check_fails not-traced grep -q 'oom_score_adj=322' $T/trace
klp_unload unload $P
check set-after sh -c 'echo 0 > /proc/self/oom_score_adj'
