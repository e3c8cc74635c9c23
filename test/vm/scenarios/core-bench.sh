# SPDX-License-Identifier: GPL-2.0
# Core module: the cost of a redirected call.  /proc/kpt_bench times
# kpt_bench_fn() against kpt_bench_ref() (same code, never patched),
# unpatched and then patched by kpp_bench (same code again); the
# benchmark itself checks every result.  The ratios go to the log.
# modules: kpatch kpt_target kpp_bench
# boot: own
# timeout: 300
N=1000000
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check bench-unpatched sh -c "echo $N > /proc/kpt_bench"
log "unpatched: $(cat /proc/kpt_bench)"
check load-patch load_module kpp_bench || exit 1
check bench-patched sh -c "echo $N > /proc/kpt_bench"
log "patched: $(cat /proc/kpt_bench)"
check_contains bench-ran "n=$N " cat /proc/kpt_bench
check_fails no-bench-error sh -c 'dmesg | grep -q "benchmark function returned"'
check unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_bench/enabled'
check unload-patch unload_module kpp_bench
