# SPDX-License-Identifier: GPL-2.0
# Core module: a kthread sleeping inside kpt_wait_here() makes patching it
# fail with -EBUSY, the log naming the task and function and dumping its
# stack; the force-unsafe version applies and pins its module; once the
# thread has left, the normal patch applies.  A thread that goes into
# kpt_wait_here() after the stacks were walked and before stop_machine()
# (kpt_late.c) is found there too.
# modules: kpatch kpt_target kpp_sleep kpp_sleep_force
# boot: own
# timeout: 120
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check start-sleeper sh -c 'echo 1 > /proc/kpt_sleep'
sleep 1
pid=$(cat /proc/kpt_sleep)
check_fails busy-refused load_module kpp_sleep
check_contains busy-names-task "kpp_sleep: activeness check failed: task kpt_sleeper (pid $pid) is inside kpt_wait_here (kpt_target); -EBUSY" dmesg
check_contains busy-dumps-stack 'kpt_wait_here+' dmesg
check_contains busy-errno 'kpp_sleep: patch not applied: -16' dmesg
check_fails busy-no-sysfs test -e /sys/kernel/kpatch/kpp_sleep
check force-applies load_module kpp_sleep_force || exit 1
check_eq force-enabled 1 cat /sys/kernel/kpatch/kpp_sleep_force/enabled
check_contains force-pinned 'kpp_sleep_force: force-unsafe function kpt_wait_here applied: the module is pinned' dmesg
check force-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_sleep_force/enabled'
check_fails force-module-pinned unload_module kpp_sleep_force
check stop-sleeper sh -c 'echo 0 > /proc/kpt_sleep'
check normal-applies-after load_module kpp_sleep
check_eq normal-enabled 1 cat /sys/kernel/kpatch/kpp_sleep/enabled
S=/sys/kernel/kpatch/kpp_sleep
check late-unpatch sh -c "echo 0 > $S/enabled"
check late-arm sh -c 'echo 1 > /proc/kpt_late'
check_fails late-refused taskset -c 0 sh -c "echo 1 > $S/enabled"
# Whether it ran while the probe waited, or (seen under a loaded host)
# only once the probe gave up, before stop_machine's stopper: either way
# after the prewalk.
log "kpt_late: $(cat /proc/kpt_late)"
check_contains late-named 'kpp_sleep: activeness check failed: task kpt_late (pid' dmesg
check late-stop sh -c 'echo 0 > /proc/kpt_late'
check late-applies-after sh -c "echo 1 > $S/enabled"
check normal-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_sleep/enabled'
check normal-unload unload_module kpp_sleep
