# SPDX-License-Identifier: GPL-2.0
# Self-test of the kernel-log detector: bench_warn.ko WARN()s on load; the
# scenario passes only if the host flags that WARNING.  Own boot: a WARN
# taints the kernel.
# modules: bench_warn
# boot: own
# expect: kernel-warning
# timeout: 60
check load load_module bench_warn
check tainted-W sh -c 'test $(( $(cat /proc/sys/kernel/tainted) & 512 )) -ne 0'
check unload unload_module bench_warn
