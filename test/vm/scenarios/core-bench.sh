# SPDX-License-Identifier: GPL-2.0
# Core module: the cost of a redirected call.  /proc/kpt_bench times
# kpt_bench_fn() against kpt_bench_ref() (same code, never patched), best
# of 5 rounds each; kpp_bench replaces kpt_bench_fn() by the same code.
# Measured through the ftrace handler (kpatch direct=0 jump=0), the
# direct-call trampoline (held there with settle_ms), the replacement's
# entry stub (where a settled ftrace site calls) and the jump route (the
# default: a jmp after the fentry site); the project's goal is a patched
# call costing at most 1.5x an unpatched one.  These are TCG figures;
# bench/call-cost/run --native measures the routes on the host CPU.  Ratios are logged, not checked;
# bench/call-cost collects them over several boots.  The benchmark checks
# every result itself.
# modules: kpatch kpt_target kpp_bench
# boot: own
# timeout: 400
N=1000000
P=/sys/module/kpatch/parameters/direct
# Prints fn_ns * 100 / ref_ns of the last run: direct calls.
ratio() {
	set -- $(sed 's/[a-z_]*=//g' /proc/kpt_bench)
	echo $(( $2 * 100 / $3 ))
}
# The same for the calls through a function pointer.
iratio() {
	set -- $(sed 's/[a-z_]*=//g' /proc/kpt_bench)
	echo $(( $4 * 100 / $5 ))
}
check load-core load_module kpatch direct=0 jump=0 || exit 1
check load-target load_module kpt_target || exit 1
check bench-unpatched sh -c "echo $N > /proc/kpt_bench"
log "unpatched: $(cat /proc/kpt_bench) ratio% $(ratio) iratio% $(iratio)"
check load-patch-handler load_module kpp_bench || exit 1
check bench-handler sh -c "echo $N > /proc/kpt_bench"
handler=$(ratio)
log "patched, ftrace handler: $(cat /proc/kpt_bench) ratio% $handler iratio% $(iratio)"
check handler-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_bench/enabled'
check handler-unload unload_module kpp_bench
# The trampoline route: settle_ms keeps the site there.
S=/sys/kernel/kpatch/kpp_bench
R=$S/kpt_target/kpt_bench_fn/route
check direct-on sh -c "echo 1 > $P; echo 600000 > /sys/module/kpatch/parameters/settle_ms"
check load-patch-direct load_module kpp_bench || exit 1
check_eq route-trampoline trampoline cat $R
check bench-trampoline sh -c "echo $N > /proc/kpt_bench"
tramp=$(ratio)
log "patched, trampoline: $(cat /proc/kpt_bench) ratio% $tramp iratio% $(iratio)"
# The stub route: after a transition the site moves to the entry stub.
check settle-now sh -c "echo 0 > /sys/module/kpatch/parameters/settle_ms; echo 0 > $S/enabled; echo 1 > $S/enabled"
check_eventually route-stub 10 stub cat $R
check bench-stub sh -c "echo $N > /proc/kpt_bench"
stub=$(ratio)
istub=$(iratio)
log "patched, entry stub: $(cat /proc/kpt_bench) ratio% $stub iratio% $istub"
# Timing is logged, not checked (bench/call-cost collects it over boots).
if [ "$stub" -le 150 ]; then goal=met; else goal='NOT met'; fi
log "goal patched <= 1.5x unpatched: $goal (stub ${stub}% direct, ${istub}% through a pointer; trampoline ${tramp}%, handler ${handler}%)"
check_fails no-bench-error sh -c 'dmesg | grep -q "benchmark function returned"'
check direct-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_bench/enabled'
check direct-bench-unpatched sh -c "echo $N > /proc/kpt_bench"
check_fails direct-unpatched-correct sh -c 'dmesg | grep -q "benchmark function returned"'
check direct-unload unload_module kpp_bench
# The jump route: a fresh patch with jump=1 writes a jmp after the fentry site.
check jump-on sh -c 'echo 1 > /sys/module/kpatch/parameters/jump'
check load-patch-jump load_module kpp_bench || exit 1
check_eventually route-jump 10 jump cat $R
check bench-jump sh -c "echo $N > /proc/kpt_bench"
log "patched, jump: $(cat /proc/kpt_bench) ratio% $(ratio) iratio% $(iratio)"
check_fails no-bench-error-jump sh -c 'dmesg | grep -q "benchmark function returned"'
check jump-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_bench/enabled'
check jump-unload unload_module kpp_bench
