# SPDX-License-Identifier: GPL-2.0
# kpatch-link output for a module target whose changed function has
# entries in every special section (bug, extable, jump label,
# alternatives, paravirt, smp_locks, retpoline/return sites, ORC).
# modules: kpatch kpl_target kpatch-kpl
# boot: own
# timeout: 120
check load-core load_module kpatch || exit 1
check load-target load_module kpl_target || exit 1
check_eq before '6 6' cat /proc/kpl_target
dmesg -c > /dev/null
check load-patch load_module kpatch-kpl

check_eq after '7 6' cat /proc/kpl_target
check_eq again '7 6' cat /proc/kpl_target
echo 0 > /sys/kernel/kpatch/kpatch_kpl/enabled
check unload unload_module kpatch-kpl
check_eq reverted '6 6' cat /proc/kpl_target
