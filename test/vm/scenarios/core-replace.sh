# SPDX-License-Identifier: GPL-2.0
# Core module: atomic replace.  Cumulative patch A (kpt_answer -> 10,
# kpt_count_b -> 7777) is replaced by B (kpt_answer -> 20 only) in one
# switch: kpt_count_b reverts, A ends disabled and removable; re-enabling
# A replaces B the same way.  Shadow variables (kpp_shadow, klp_shadow_*)
# count calls and are freed by its post-unpatch hook.  kpt_answer is on
# the jump route: each replace retargets its jmp.
# modules: kpatch kpt_target kpp_replace_a kpp_replace_b kpp_shadow
# boot: own
# timeout: 120
K=/sys/kernel/kpatch
check load-core load_module kpatch settle_ms=0 || exit 1
check load-target load_module kpt_target || exit 1
check_eq baseline 'a=1 b=1' cat /proc/kpt_counters
check load-a load_module kpp_replace_a || exit 1
check_eq a-answer 10 cat /proc/kpt_answer
RA=$K/kpp_replace_a/kpt_target/kpt_answer/route
RB=$K/kpp_replace_b/kpt_target/kpt_answer/route
check_eventually a-route-jump 10 jump cat $RA
check_eq a-counters 'a=2 b=7777' cat /proc/kpt_counters
check load-b load_module kpp_replace_b || exit 1
check_eq b-answer 20 cat /proc/kpt_answer
check_eventually b-route-jump 10 jump cat $RB
check_eq a-route-none none cat $RA
check_eq b-answer-via-jump 20 cat /proc/kpt_answer
check_eq b-reverted-count_b 'a=3 b=2' cat /proc/kpt_counters
check_eq a-disabled 0 cat $K/kpp_replace_a/enabled
check_eq b-enabled 1 cat $K/kpp_replace_b/enabled
check a-back sh -c "echo 1 > $K/kpp_replace_a/enabled"
check_eq a-again-answer 10 cat /proc/kpt_answer
check_eventually a-again-route-jump 10 jump cat $RA
check_eq a-again-via-jump 10 cat /proc/kpt_answer
check_eq a-again-counters 'a=4 b=7777' cat /proc/kpt_counters
check_eq b-disabled 0 cat $K/kpp_replace_b/enabled
check b-removable unload_module kpp_replace_b
check a-unpatch sh -c "echo 0 > $K/kpp_replace_a/enabled"
check_eq all-reverted 1 cat /proc/kpt_answer
check a-removable unload_module kpp_replace_a

check shadow-load load_module kpp_shadow || exit 1
check_eq shadow-1 101 cat /proc/kpt_answer
check_eq shadow-2 102 cat /proc/kpt_answer
check_eq shadow-3 103 cat /proc/kpt_answer
check shadow-unpatch sh -c "echo 0 > $K/kpp_shadow/enabled"
check_eq shadow-unpatched 1 cat /proc/kpt_answer
check shadow-repatch sh -c "echo 1 > $K/kpp_shadow/enabled"
check_eq shadow-freed-on-unpatch 101 cat /proc/kpt_answer
check shadow-unpatch-2 sh -c "echo 0 > $K/kpp_shadow/enabled"
check shadow-unload unload_module kpp_shadow
