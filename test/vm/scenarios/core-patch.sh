# SPDX-License-Identifier: GPL-2.0
# Core module: a patch changes what kpt_answer() returns and unpatching
# restores it; sysfs shows state, addresses and the stop_machine window;
# the patch module cannot be removed while enabled; the kernel is tainted K.
# On the ftrace routes (jump=0): core-jump covers the default jump route.
# modules: kpatch kpt_target kpp_answer
# boot: own
# timeout: 120
S=/sys/kernel/kpatch/kpp_answer
check load-core load_module kpatch settle_ms=0 jump=0 || exit 1
check load-target load_module kpt_target || exit 1
check_eq before 1 cat /proc/kpt_answer
check load-patch load_module kpp_answer || exit 1
check_eq patched 2 cat /proc/kpt_answer
R=$S/kpt_target/kpt_answer/route
check_eventually route-stub 10 stub cat $R
check_eq patched-via-stub 2 cat /proc/kpt_answer
check_eq enabled 1 cat $S/enabled
check_eq object-patched 1 cat $S/kpt_target/patched
old=$(cat $S/kpt_target/kpt_answer/old_addr)
new=$(cat $S/kpt_target/kpt_answer/new_addr)
check_contains old-addr-is-kpt_answer ' kpt_answer' grep "^${old#0x} " /proc/kallsyms
check_contains new-addr-in-patch '[kpp_answer]' grep "^${new#0x} " /proc/kallsyms
check window-measured test "$(cat $S/stop_machine_ns)" -gt 0
log "apply window: $(cat $S/stop_machine_ns) ns (callback $(cat $S/stop_machine_callback_ns) ns)"
check tainted-livepatch test $(( $(cat /proc/sys/kernel/tainted) & 32768 )) -ne 0
check_fails rmmod-while-enabled unload_module kpp_answer
check unpatch sh -c "echo 0 > $S/enabled"
log "unapply window: $(cat $S/stop_machine_ns) ns (callback $(cat $S/stop_machine_callback_ns) ns)"
check_eq restored 1 cat /proc/kpt_answer
check_eq route-none none cat $R
check_eq disabled 0 cat $S/enabled
check repatch sh -c "echo 1 > $S/enabled"
check_eq repatched 2 cat /proc/kpt_answer
check_eventually route-stub-again 10 stub cat $R
check_eq repatched-via-stub 2 cat /proc/kpt_answer
check unpatch-again sh -c "echo 0 > $S/enabled"
check rmmod-patch unload_module kpp_answer
check_fails sysfs-gone test -e $S
check_eq still-restored 1 cat /proc/kpt_answer
check unload-target unload_module kpt_target
check unload-core unload_module kpatch
