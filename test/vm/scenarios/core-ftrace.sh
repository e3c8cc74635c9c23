# SPDX-License-Identifier: GPL-2.0
# Core module: the function and function_graph tracers keep working on a
# patched function, and the patch keeps working under them, whichever
# comes first.  On the ftrace routes (jump=0); core-jump does the same
# on the jump route.
# modules: kpatch kpt_target kpp_answer
# boot: own
# timeout: 180
T=/sys/kernel/tracing
S=/sys/kernel/kpatch/kpp_answer
check load-core load_module kpatch settle_ms=0 jump=0 || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_answer || exit 1
R=$S/kpt_target/kpt_answer/route
# The tracers join a site that calls the replacement's entry stub.
check_eventually route-stub 10 stub cat $R

# Filters keep the tracers to a few call sites: tracing every function
# means rewriting ~40000 of them, which under TCG stalls RCU.
check graph-filter sh -c "echo kpt_answer > $T/set_graph_function; printf 'kpt_answer\nkpp_answer\n' > $T/set_ftrace_filter"
check graph-on sh -c "echo function_graph > $T/current_tracer"
check_eq graph-patched 2 cat /proc/kpt_answer
check_contains graph-traced 'kpt_answer [kpt_target]() {' cat $T/trace
check_contains graph-sees-replacement 'kpp_answer [kpp_answer]();' cat $T/trace
check graph-unpatch sh -c "echo 0 > $S/enabled"
check_eq graph-unpatched 1 cat /proc/kpt_answer
check graph-repatch sh -c "echo 1 > $S/enabled"
check_eq graph-repatched 2 cat /proc/kpt_answer
check_eventually graph-route-stub 10 stub cat $R
check_eq graph-patched-via-stub 2 cat /proc/kpt_answer
check graph-off sh -c "echo nop > $T/current_tracer; echo > $T/set_graph_function; echo > $T/set_ftrace_filter; echo > $T/trace"

check fn-filter sh -c "echo kpt_answer > $T/set_ftrace_filter"
check fn-on sh -c "echo function > $T/current_tracer"
check_eq fn-patched 2 cat /proc/kpt_answer
check_contains fn-traced 'kpt_answer <-kpt_answer_show' cat $T/trace
check fn-unpatch sh -c "echo 0 > $S/enabled"
check_eq fn-unpatched 1 cat /proc/kpt_answer
check fn-repatch sh -c "echo 1 > $S/enabled"
check_eq fn-repatched 2 cat /proc/kpt_answer
check_eventually fn-route-stub 10 stub cat $R
check_eq fn-patched-via-stub 2 cat /proc/kpt_answer
check fn-off sh -c "echo nop > $T/current_tracer; echo > $T/set_ftrace_filter"
check_eq untraced-patched 2 cat /proc/kpt_answer

check unpatch sh -c "echo 0 > $S/enabled"
check unload-patch unload_module kpp_answer
