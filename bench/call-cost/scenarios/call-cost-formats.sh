# SPDX-License-Identifier: GPL-2.0
# bench/call-cost/run --formats: one change of kpt_bench_fn()
# (bench/call-cost/patches/kpt-bench.patch) built by kpatch-build in both
# formats, timed by /proc/kpt_bench against kpt_bench_ref() (never
# patched): unpatched, with the kpatch-format module (kpatch.ko's default
# route, the jmp after the fentry site) and with the livepatch-format
# module (the kernel's livepatch: its ftrace handler on every call).
# TCG figures; logged, not checked.  Not part of the VM suite: its
# modules come from kpatch-build, run by the bench.
# modules: kpatch kpt_target kpatch-kpt-bench livepatch-kpt-bench
# boot: own
# timeout: 400
N=1000000
K=/sys/kernel/kpatch/kpatch_kpt_bench
L=/sys/kernel/livepatch/livepatch_kpt_bench
bench() {
	check bench-$1 sh -c "echo $N > /proc/kpt_bench"
	log "$2: $(cat /proc/kpt_bench)"
}
gone() { if [ -e $L ]; then echo present; else echo gone; fi; }
check load-target load_module kpt_target || exit 1
bench unpatched unpatched
check load-core load_module kpatch || exit 1
check load-kpatch load_module kpatch-kpt-bench || exit 1
check_eventually route-jump 10 jump cat $K/kpt_target/kpt_bench_fn/route
bench kpatch "patched, kpatch format"
check kpatch-off sh -c "echo 0 > $K/enabled"
check kpatch-unload unload_module kpatch_kpt_bench
check load-livepatch load_module livepatch-kpt-bench || exit 1
check_eventually livepatch-settled 60 0 cat $L/transition
bench livepatch "patched, livepatch format"
check livepatch-off sh -c "echo 0 > $L/enabled"
check_eventually livepatch-gone 60 gone gone
check livepatch-unload unload_module livepatch_kpt_bench
bench after "unpatched again"
check_fails no-bench-error sh -c 'dmesg | grep -q "benchmark function returned"'
