# SPDX-License-Identifier: GPL-2.0
# End to end, a __sched function taken alone (test/e2e/patches/nanosleep-sched.patch):
# hrtimer_nanosleep_restart() shares .sched.text with the other __sched
# functions of kernel/time/hrtimer.c and calls do_nanosleep() there without
# a relocation; the patch copies it alone and recreates that call.  A sleep
# stopped and continued restarts through the patched function, which
# announces itself and then sleeps the rest of the time in the running
# do_nanosleep(); after unload the restart is silent again.  Then the same
# with livepatch-nanosleep-sched.ko, built in the same run: the kernel's
# livepatch redirects the call.
# modules: kpatch kpatch-nanosleep-sched livepatch-nanosleep-sched
# tools: kpatch
# boot: shared
# timeout: 240
P=kpatch-nanosleep-sched
msgs() { dmesg | grep -c 'kpatch-e2e: nanosleep of'; true; }
# A sleep of 2 s, stopped after 0.5 s and continued: it restarts and
# still ends about 2 s after it began.
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
out=$(stop_cont)
log "before: $out"
check_eq before-no-msg 0 msgs
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
out=$(stop_cont)
log "patched: $out"
check_contains patched-restart "kpatch-e2e: nanosleep of ${out%% *} restarted" dmesg
secs=${out##* }
check slept-the-rest test "$secs" -ge 1 -a "$secs" -le 4
check unload kpatch unload $P
n=$(msgs)
out=$(stop_cont)
check_eq restored-no-new-msg "$n" msgs

# The same in the livepatch format (livepatch-nanosleep-sched.ko, one
# compile with the kpatch one): the kernel's livepatch redirects it.
L=livepatch-nanosleep-sched
klp_load klp-load $L || exit 1
out=$(stop_cont)
log "livepatched: $out"
check_contains klp-patched-restart "kpatch-e2e: nanosleep of ${out%% *} restarted" dmesg
secs=${out##* }
check klp-slept-the-rest test "$secs" -ge 1 -a "$secs" -le 4
klp_unload klp-unload $L
n=$(msgs)
out=$(stop_cont)
check_eq klp-restored-no-new-msg "$n" msgs
