# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, a system call's restart path:
# livepatch-nanosleep-sched.ko (test/e2e/patches/nanosleep-sched.patch)
# replaces hrtimer_nanosleep_restart(), alone out of .sched.text, its call
# to do_nanosleep() relocated to the running one.  A nanosleep stopped and
# continued restarts through the patched code and still sleeps the rest.
# modules: livepatch-nanosleep-sched
# boot: shared
# timeout: 180
P=livepatch-nanosleep-sched
msgs() { dmesg | grep -c 'kpatch-e2e: nanosleep of'; true; }
stop_cont() {
	local pid t0 t1
	t0=$(cut -d. -f1 /proc/uptime)
	sleep 2 &
	pid=$!
	usleep 500000
	kill -STOP $pid
	kill -CONT $pid
	wait $pid || return 1
	t1=$(cut -d. -f1 /proc/uptime)
	echo "$pid $((t1 - t0))"
}
klp_load load $P || exit 1
out=$(stop_cont)
log "patched: $out"
check_contains patched-restart "kpatch-e2e: nanosleep of ${out%% *} restarted" dmesg
secs=${out##* }
check slept-the-rest test "$secs" -ge 1 -a "$secs" -le 4
klp_unload unload $P
n=$(msgs)
out=$(stop_cont)
check_eq restored-no-new-msg "$n" msgs
