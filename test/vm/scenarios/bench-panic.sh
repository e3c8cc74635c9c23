# SPDX-License-Identifier: GPL-2.0
# Self-test of the crash handling: bench_panic.ko panics the kernel on load;
# the host must see the panic, attribute it here and not wait for the dead
# guest.  Nothing after the insmod may run.
# modules: bench_panic
# boot: own
# expect: kernel-panic
# timeout: 60
load_module bench_panic
fail survived "the kernel did not panic"
