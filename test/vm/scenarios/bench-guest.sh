# SPDX-License-Identifier: GPL-2.0
# The guest is what README.md promises scenarios: file systems mounted,
# results never rate-limited nor filtered by the console loglevel, the
# console as booted even after a scenario silenced it (bench-console-
# silenced runs just before in a bench-* boot), TCG-scaled lockup/stall
# thresholds, busybox on PATH, the bench's variables set.
# timeout: 30
check_eq devkmsg on cat /proc/sys/kernel/printk_devkmsg
check_eq ignore-loglevel Y cat /sys/module/printk/parameters/ignore_loglevel
check_eq console-loglevel 7 sh -c 'cut -f1 /proc/sys/kernel/printk'
check_eq watchdog-thresh 30 cat /proc/sys/kernel/watchdog_thresh
check_eq rcu-stall-timeout 60 cat /sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
check tracefs test -e /sys/kernel/tracing/available_tracers
check debugfs grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
check devtmpfs grep -q ' /dev devtmpfs ' /proc/mounts
check tmp-writable sh -c 'echo x > /tmp/kpvm-probe && rm /tmp/kpvm-probe'
check_eq path /usr/local/bin:/bin echo "$PATH"
check_eq scenario-var bench-guest echo "$KPVM_SCENARIO"
check_eq modules-var /modules echo "$KPVM_MODULES"
check boot-var test "$KPVM_BOOT" -ge 1
# Last: results keep arriving with the console loglevel at its lowest
# (dmesg -n 1, then 0 by sysctl, which even KERN_EMERG does not pass);
# /init restores it for the next scenario.
check dmesg-n-1 dmesg -n 1
check sysctl-0 sh -c 'echo 0 > /proc/sys/kernel/printk'
check_eq loglevel-0 0 sh -c 'cut -f1 /proc/sys/kernel/printk'
check reported-at-loglevel-0 true
