# SPDX-License-Identifier: GPL-2.0
# Self-test of the result-stream check: this scenario silences the kernel
# console outright (ignore_loglevel off, console loglevel 1), so its later
# results never reach the host.  The host must notice from the count in
# the end marker and fail it (here: pass, as expected).  /init puts the
# console back before the end marker; bench-guest, next in the shared
# boot, checks that it did.  The failed result below must be lost too:
# if it arrives, the console was not silenced and this self-test fails.
# expect: results-lost
# timeout: 30
check before-silence true
check ignore-off sh -c 'echo N > /sys/module/printk/parameters/ignore_loglevel'
check loglevel-1 dmesg -n 1
fail console-not-silenced "this result reached the host"
check silenced-1 true
check silenced-2 true
