# SPDX-License-Identifier: GPL-2.0
# Core module beside the kernel's own livepatch on the same function
# (kmod/core/livepatch.c): with klp_answer (a livepatch: kpt_answer()
# returns 3) enabled, kpp_answer does not take the jump route, meets
# livepatch's IPMODIFY on its ftrace route and is refused, naming
# klp_answer; without it kpp_answer takes the jump route (2); a livepatch
# that comes while the jmp is live is reported, and its replacement runs
# until it is disabled.
# modules: kpatch kpt_target kpp_answer klp_answer
# boot: own
# timeout: 240
L=/sys/kernel/livepatch/klp_answer
S=/sys/kernel/kpatch/kpp_answer
gone() { if [ -e $L ]; then echo present; else echo gone; fi; }
livepatch_off() {
	check livepatch-off-$1 sh -c "echo 0 > $L/enabled"
	check_eventually livepatch-gone-$1 60 gone gone
	check livepatch-unload-$1 unload_module klp_answer
}
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check load-livepatch load_module klp_answer || exit 1
check_eventually livepatch-settled 60 0 cat $L/transition
check_eq livepatched 3 cat /proc/kpt_answer
dmesg -c > /dev/null
check_fails kpatch-refused load_module kpp_answer
check_contains livepatch-named 'kpt_answer (kpt_target): livepatch klp_answer redirects it' dmesg
check_eq still-livepatched 3 cat /proc/kpt_answer
livepatch_off 1
check_eq unpatched 1 cat /proc/kpt_answer

check kpatch-applies load_module kpp_answer || exit 1
check_eventually route-jump 10 jump cat $S/kpt_target/kpt_answer/route
check_eq kpatched 2 cat /proc/kpt_answer
dmesg -c > /dev/null
check load-livepatch-after load_module klp_answer || exit 1
check_eventually livepatch-after-settled 60 0 cat $L/transition
check_contains reported 'livepatch klp_answer redirects kpt_answer' dmesg
check_eq livepatch-runs 3 cat /proc/kpt_answer
livepatch_off 2
check_eq kpatched-again 2 cat /proc/kpt_answer
check unpatch sh -c "echo 0 > $S/enabled"
check_eq restored 1 cat /proc/kpt_answer
check unload unload_module kpp_answer
