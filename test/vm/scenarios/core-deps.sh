# SPDX-License-Identifier: GPL-2.0
# Core module: a fix that calls into a module its target does not depend
# on (kpp_dep: kpt_count_a() returns crc16(0, "123456789", 9) = 47933).
# With crc16 absent the patch is refused, naming it ("load crc16 first");
# with crc16 loaded it applies, and crc16 is held while the patch module
# is loaded (rmmod refused), released when it goes.  crc16.ko is the
# stock module the ext4 end-to-end example copies into the build tree.
# modules: kpatch kpt_target kpp_dep crc16
# boot: own
# timeout: 180
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check_fails crc16-absent test -e /sys/module/crc16
check_fails refused-without-crc16 load_module kpp_dep
check_contains refusal-named 'kpp_dep: the patched code of kpt_target uses symbols of module crc16, which is not loaded; load crc16 first' dmesg
check_eq not-applied 'a=1 b=1' cat /proc/kpt_counters
check load-crc16 load_module crc16 || exit 1
check load-patch load_module kpp_dep || exit 1
check_eq calls-crc16 'a=47933 b=2' cat /proc/kpt_counters
check_eq crc16-held 1 cat /sys/module/crc16/refcnt
check_fails crc16-unremovable unload_module crc16
check_eq still-patched 'a=47933 b=3' cat /proc/kpt_counters
check unpatch sh -c 'echo 0 > /sys/kernel/kpatch/kpp_dep/enabled'
check_eq restored 'a=2 b=4' cat /proc/kpt_counters
check_eq held-while-loaded 1 cat /sys/module/crc16/refcnt
check unload-patch unload_module kpp_dep
check_eq crc16-released 0 cat /sys/module/crc16/refcnt
check unload-crc16 unload_module crc16
