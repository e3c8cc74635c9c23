# SPDX-License-Identifier: GPL-2.0
# Core module: malformed .kpatch.* contents (kpp_bad.ko, one defect per
# load: bad magic, ABI version, counts, NULL and out-of-module pointers,
# dynrela type, mask range, anchors, kernel release, hook kind) are
# refused with -EINVAL and a reason, never a crash, nothing applied;
# 12: a hook's empty object name (no sysfs directory can have it);
# 13: hook flags (ABI 3 has none); 14: a function flagged both
# KPATCH_FUNC_ENTRY_JUMP and force-unsafe; 15: a terminal escape in a
# symbol name, refused without reaching the log.
# modules: kpatch kpt_target kpp_bad
# boot: own
# timeout: 120
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
for d in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	dmesg -c > /dev/null
	check_fails "defect$d-refused" load_module kpp_bad defect=$d
	check_contains "defect$d-einval" 'kpp_bad: patch not applied: -22' dmesg
	case $d in
	2) reason='patch ABI version 99' ;;
	9) reason='built for kernel 5.10.0-bogus-amd64' ;;
	13) reason='kpp_bad: malformed patch: unknown hook flags' ;;
	14) reason='kpp_bad: malformed patch: force-unsafe function without an ftrace site' ;;
	15) reason='kpp_bad: malformed patch: symbol name' ;;
	*) reason='kpp_bad: malformed patch:' ;;
	esac
	check_contains "defect$d-reason" "$reason" dmesg
	check_eq "defect$d-not-applied" 1 cat /proc/kpt_answer
	check_fails "defect$d-no-sysfs" test -e /sys/kernel/kpatch/kpp_bad
done
check_fails escape-not-logged sh -c "dmesg | grep -q \"\$(printf '\\033')\""

