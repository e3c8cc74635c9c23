# SPDX-License-Identifier: GPL-2.0
# Core module: a patch whose recorded original code differs from the
# running kpt_answer() is refused, naming the function and offset; a
# dynrela to `counter`, a static twice in kpt_target's kallsyms, resolves
# to kpt_a.c's one through anchors (and is refused without them); a patch
# whose static-branch key is not in vmlinux fails to load, naming it.
# modules: kpatch kpt_target kpp_badbytes kpp_static kpp_static_noanchor kpp_badkey
# boot: own
# timeout: 120
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check_fails badbytes-refused load_module kpp_badbytes
check_contains badbytes-named 'kpp_badbytes: kpt_answer (kpt_target): code differs at offset 0x6 (running 01, expected 05)' dmesg
check_eq badbytes-not-applied 1 cat /proc/kpt_answer
check_fails badbytes-no-sysfs test -e /sys/kernel/kpatch/kpp_badbytes
check_fails badbytes-unloaded grep -q '^kpp_badbytes ' /proc/modules

check_eq counters-before 'a=1 b=1' cat /proc/kpt_counters
check_fails noanchor-refused load_module kpp_static_noanchor
check_contains noanchor-named 'kpp_static_noanchor: symbol counter in kpt_target: several candidates match' dmesg
check_eq noanchor-not-applied 'a=2 b=2' cat /proc/kpt_counters
check static-applies load_module kpp_static || exit 1
check_eq static-counter-of-kpt_a 'a=1002 b=3' cat /proc/kpt_counters
check_eq static-again 'a=2002 b=4' cat /proc/kpt_counters
check static-unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_static/enabled'
check_eq static-restored 'a=2003 b=5' cat /proc/kpt_counters
check static-unload unload_module kpp_static

check_fails badkey-refused load_module kpp_badkey
check_contains badkey-named 'kpp_badkey: symbol __tracepoint_kpatch_no_such_event in vmlinux: not found' dmesg
check_contains badkey-before-links 'kpp_badkey: cannot link the patch' dmesg
check_fails badkey-unloaded grep -q '^kpp_badkey ' /proc/modules
