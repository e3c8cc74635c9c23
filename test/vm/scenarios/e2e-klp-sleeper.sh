# SPDX-License-Identifier: GPL-2.0
# A livepatch transition held by a sleeping task, then released:
# livepatch-klp-sleeper.ko (test/e2e/patches/klp-sleeper.patch, kpatch-build
# --format klp --oot-module on the test target kpt_target) replaces
# kpt_wait_here(), inside which the kthread kpt_sleeper sleeps.  livepatch
# cannot switch that task while the function is on its stack: the
# transition stays open, the task's /proc/PID/patch_state stays 0 (the
# other tasks are switched to 1) and its stack shows where it is.  Once it
# leaves, the transition finishes and new entries run the patched code.
# modules: kpt_target livepatch-klp-sleeper
# boot: own
# timeout: 240
P=livepatch-klp-sleeper
D=$(klp_dir $P)
check load-target load_module kpt_target || exit 1
check start-sleeper sh -c 'echo 1 > /proc/kpt_sleep'
sleep 1
pid=$(cat /proc/kpt_sleep)
check_contains sleeper-inside kpt_wait_here cat /proc/$pid/stack
check load load_module $P || exit 1
sleep 5
check_eq transition-held 1 cat $D/transition
check_eq holder-unpatched 0 cat /proc/$pid/patch_state
check_eq shell-switched 1 cat /proc/$$/patch_state
check_contains holder-stack kpt_wait_here cat /proc/$pid/stack
check release sh -c 'echo 0 > /proc/kpt_sleep'
check_eventually transition-done 60 0 cat $D/transition
check_eq enabled 1 cat $D/enabled
check_eq shell-settled -1 cat /proc/$$/patch_state
entered=$(dmesg | grep -c 'kpt-e2e: patched kpt_wait_here entered')
check restart-sleeper sh -c 'echo 1 > /proc/kpt_sleep'
check_eventually patched-runs 10 $((entered + 1)) sh -c "dmesg | grep -c 'kpt-e2e: patched kpt_wait_here entered'"
check stop-sleeper sh -c 'echo 0 > /proc/kpt_sleep'
klp_unload unload $P
check unload-target unload_module kpt_target
