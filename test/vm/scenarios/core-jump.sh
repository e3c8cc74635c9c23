# SPDX-License-Identifier: GPL-2.0
# Core module: the jump route (kmod/core/jump.c), a jmp written after the
# fentry site.  The function_graph and function tracers and a kprobe at
# the entry work on a patched function and see the replacement run; a
# kprobe on the jmp itself, or one put after it while patched, keeps
# working and makes unpatching refuse (-EBUSY) until it is gone; one there
# before patching makes run-pre verification refuse the patch; a task sleeping in a replacement reached
# by the jmp unwinds through it to its caller (/proc/PID/stack), and the
# reliable walk of the activeness check finds it there.
# modules: kpatch kpt_target kpp_answer kpp_sleep
# boot: own
# timeout: 240
T=/sys/kernel/tracing
S=/sys/kernel/kpatch/kpp_answer
R=$S/kpt_target/kpt_answer/route
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_answer || exit 1
check_contains bridged 'kpp_answer: patch: stop_machine' sh -c "dmesg | grep '1 jump sites changed, 0 inside' | tail -n 1"
# The bridge goes settle_ms (1 s) after the switch; the jmp carries the calls.
check_eventually route-jump 10 jump cat $R
check_eq patched 2 cat /proc/kpt_answer
check unpatch sh -c "echo 0 > $S/enabled"
check_eq unpatched 1 cat /proc/kpt_answer
check_eq route-none none cat $R
check repatch sh -c "echo 1 > $S/enabled"
check_eq repatched 2 cat /proc/kpt_answer
check_eventually route-jump-again 10 jump cat $R

# Tracers call out from the fentry site and return onto the jmp.
check graph-filter sh -c "echo kpt_answer > $T/set_graph_function; printf 'kpt_answer\nkpp_answer\n' > $T/set_ftrace_filter"
check graph-on sh -c "echo function_graph > $T/current_tracer"
check_eq graph-patched 2 cat /proc/kpt_answer
check_contains graph-traced 'kpt_answer [kpt_target]() {' cat $T/trace
check_contains graph-sees-replacement 'kpp_answer [kpp_answer]();' cat $T/trace
check graph-unpatch sh -c "echo 0 > $S/enabled"
check_eq graph-unpatched 1 cat /proc/kpt_answer
check graph-repatch sh -c "echo 1 > $S/enabled"
check_eq graph-repatched 2 cat /proc/kpt_answer
check graph-off sh -c "echo nop > $T/current_tracer; echo > $T/set_graph_function; echo > $T/set_ftrace_filter; echo > $T/trace"
check fn-filter sh -c "echo kpt_answer > $T/set_ftrace_filter"
check fn-on sh -c "echo function > $T/current_tracer"
check_eq fn-patched 2 cat /proc/kpt_answer
check_contains fn-traced 'kpt_answer <-kpt_answer_show' cat $T/trace
check fn-unpatch sh -c "echo 0 > $S/enabled"
check_eq fn-unpatched 1 cat /proc/kpt_answer
check fn-repatch sh -c "echo 1 > $S/enabled"
check_eq fn-repatched 2 cat /proc/kpt_answer
check fn-off sh -c "echo nop > $T/current_tracer; echo > $T/set_ftrace_filter; echo > $T/trace"

# A kprobe at the entry (on ftrace's site) fires; the call still ends in the replacement.
check kprobe-entry sh -c "echo 'p:kpj/entry kpt_answer' > $T/kprobe_events && echo 1 > $T/events/kpj/entry/enable"
check_eq kprobe-entry-patched 2 cat /proc/kpt_answer
check_contains kprobe-entry-fired 'entry: (kpt_answer+0x0' cat $T/trace
# A kprobe on the jmp: kprobes runs the jmp for it; unpatching must wait for it.
check_eventually kprobe-route-jump 10 jump cat $R
check kprobe-jmp sh -c "echo 'p:kpj/onjmp kpt_answer+5' >> $T/kprobe_events && echo 1 > $T/events/kpj/onjmp/enable"
check_eq kprobe-jmp-patched 2 cat /proc/kpt_answer
check_contains kprobe-jmp-fired 'onjmp: (kpt_answer+0x5' cat $T/trace
check_fails kprobe-jmp-unpatch-refused sh -c "echo 0 > $S/enabled"
check_contains kprobe-jmp-named 'a kprobe lies on kpt_answer+0x5' dmesg
check_eq kprobe-jmp-still-patched 2 cat /proc/kpt_answer
check kprobes-off sh -c "echo 0 > $T/events/kpj/enable && echo > $T/kprobe_events && echo > $T/trace"
check unpatch-after-kprobe sh -c "echo 0 > $S/enabled"
check_eq unpatched-after-kprobe 1 cat /proc/kpt_answer
# A kprobe put while patched after the jmp, where an original instruction
# under the jmp could go on (kprobes decodes from the jmp's end): unpatching
# waits for it too.
check tail-repatch sh -c "echo 1 > $S/enabled"
check kprobe-tail sh -c "echo 'p:kpj/tail kpt_answer+10' > $T/kprobe_events && echo 1 > $T/events/kpj/tail/enable"
check_eq kprobe-tail-patched 2 cat /proc/kpt_answer
check_fails kprobe-tail-unpatch-refused sh -c "echo 0 > $S/enabled"
check_contains kprobe-tail-named 'a kprobe lies on kpt_answer+0xa/0x10 [kpt_target], where an original instruction' dmesg
check_eq kprobe-tail-still-patched 2 cat /proc/kpt_answer
check kprobe-tail-off sh -c "echo 0 > $T/events/kpj/enable && echo > $T/kprobe_events && echo > $T/trace"
check unpatch-after-tail sh -c "echo 0 > $S/enabled"
check_eq unpatched-after-tail 1 cat /proc/kpt_answer
check unload-patch unload_module kpp_answer

# A kprobe in those bytes before patching: run-pre verification sees its
# bytes and refuses the patch; once it is gone the patch applies.
check kprobe-before sh -c "echo 'p:kpj/pre kpt_answer+5' > $T/kprobe_events && echo 1 > $T/events/kpj/pre/enable"
check_fails kprobed-refused load_module kpp_answer
check_contains kprobed-named 'kpt_answer (kpt_target): code differs at offset 0x5' dmesg
check kprobe-pre-off sh -c "echo 0 > $T/events/kpj/enable && echo > $T/kprobe_events"
check load-patch-after-kprobe load_module kpp_answer || exit 1
check_eventually after-kprobe-route-jump 10 jump cat $R
check_eq after-kprobe-patched 2 cat /proc/kpt_answer
check unpatch-after-kprobe-gone sh -c "echo 0 > $S/enabled"
check unload-patch-after-kprobe unload_module kpp_answer

# Unwinding: a task sleeping in the replacement, reached through the jmp.
SL=/sys/kernel/kpatch/kpp_sleep
check load-sleep load_module kpp_sleep || exit 1
check_eventually sleep-route-jump 10 jump cat $SL/kpt_target/kpt_wait_here/route
check start-sleeper sh -c 'echo 1 > /proc/kpt_sleep'
sleep 1
pid=$(cat /proc/kpt_sleep)
# /proc/PID/stack is empty while the task runs (between naps): take one asleep.
stack=""
for try in 1 2 3 4 5; do
	stack=$(tr '\n' ' ' < /proc/$pid/stack)
	case "$stack" in *kpp_wait_here*) break ;; esac
	sleep 1
done
log "stack of kpt_sleeper in the replacement: $stack"
check_contains stack-in-replacement 'kpp_wait_here+' echo "$stack"
check_contains stack-replacement-then-caller '[kpp_sleep] [<0>] kpt_sleeper_fn+' echo "$stack"
check_fails busy-unpatch-refused sh -c "echo 0 > $SL/enabled"
check_contains busy-in-replacement "is inside the replacement of kpt_wait_here (kpt_target)" dmesg
check stop-sleeper sh -c 'echo 0 > /proc/kpt_sleep'
check unpatch-sleep sh -c "echo 0 > $SL/enabled"
check unload-sleep unload_module kpp_sleep
