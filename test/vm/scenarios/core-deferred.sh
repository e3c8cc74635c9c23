# SPDX-License-Identifier: GPL-2.0
# Core module: a patch for a module not loaded yet is deferred, applied
# when the module comes (before its init), taken down when it goes, and
# applied again on each reload; hooks run around each step, in order,
# and a vetoing pre-patch hook stops the patch.
# modules: kpatch kpt_target kpp_answer kpp_hooks
# boot: own
# timeout: 180
S=/sys/kernel/kpatch/kpp_answer
check load-core load_module kpatch settle_ms=0 || exit 1
check patch-before-target load_module kpp_answer || exit 1
check_eq deferred-enabled 1 cat $S/enabled
check_eq deferred-not-patched 0 cat $S/kpt_target/patched
check_eq deferred-no-address 0x0 cat $S/kpt_target/kpt_answer/old_addr
for round in 1 2 3; do
	check "load-target-$round" load_module kpt_target || exit 1
	check_eq "patched-on-load-$round" 2 cat /proc/kpt_answer
	check_eq "object-patched-$round" 1 cat $S/kpt_target/patched
	# A module coming takes an ftrace route (kmod/core/jump.c: its jump
	# labels may not be registered yet); it goes while the site calls the
	# entry stub.
	check_eventually "route-stub-$round" 10 stub cat $S/kpt_target/kpt_answer/route
	check "unload-target-$round" unload_module kpt_target
	check_eq "object-gone-$round" 0 cat $S/kpt_target/patched
done
check unpatch sh -c "echo 0 > $S/enabled"
check load-target-unpatched load_module kpt_target
check_eq not-patched-when-disabled 1 cat /proc/kpt_answer
check repatch-loaded sh -c "echo 1 > $S/enabled"
check_eq repatched 2 cat /proc/kpt_answer
check unpatch-2 sh -c "echo 0 > $S/enabled"
check unload-patch unload_module kpp_answer

H=/sys/module/kpp_hooks/parameters/log
check_fails veto-refused load_module kpp_hooks veto=1
check_contains veto-logged 'pre-patch hook kpp_pre_patch' dmesg
check_eq veto-not-applied 1 cat /proc/kpt_answer
check hooks-load load_module kpp_hooks || exit 1
check_eq hooks-patched 4 cat /proc/kpt_answer
check_eq hooks-patch-order 'pre-patch post-patch load' cat $H
check_contains hooks-get-klp_object 'kpp_hooks: post-patch kpt_target' dmesg
check hooks-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_hooks/enabled'
check_eq hooks-unpatch-order 'pre-patch post-patch load unload pre-unpatch post-unpatch' cat $H
check hooks-repatch sh -c 'echo 1 > /sys/kernel/kpatch/kpp_hooks/enabled'
check unload-target-hooked unload_module kpt_target
check_eq hooks-going-order 'pre-patch post-patch load unload pre-unpatch post-unpatch pre-patch post-patch load unload pre-unpatch post-unpatch' cat $H
check reload-target-hooked load_module kpt_target
check_eq hooks-coming-patched 4 cat /proc/kpt_answer
check_eq hooks-coming-order 'pre-patch post-patch load unload pre-unpatch post-unpatch pre-patch post-patch load unload pre-unpatch post-unpatch pre-patch post-patch load' cat $H
check hooks-unpatch-end sh -c 'echo 0 > /sys/kernel/kpatch/kpp_hooks/enabled'
check hooks-unload unload_module kpp_hooks
