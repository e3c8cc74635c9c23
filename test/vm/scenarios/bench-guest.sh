# SPDX-License-Identifier: GPL-2.0
# The guest is what README.md promises scenarios: file systems mounted,
# results never rate-limited, TCG-scaled lockup/stall thresholds, busybox
# on PATH, the bench's variables set.
# timeout: 30
check_eq devkmsg on cat /proc/sys/kernel/printk_devkmsg
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
