# SPDX-License-Identifier: GPL-2.0
# Core module: the stop_machine window with many tasks.  With 400 extra
# sleeping processes, patch and unpatch kpp_answer 5 times with stacks
# walked beforehand (the default) and 5 times with every stack walked
# inside stop_machine (kpatch prewalk=0); the callback times go to the
# log, and the pre-walked callback must be the shorter one (medians).
# The callback of the ftrace routes: it does not wait for other CPUs.
# modules: kpatch kpt_target kpp_answer
# boot: own
# timeout: 400
S=/sys/kernel/kpatch/kpp_answer
P=/sys/module/kpatch/parameters/prewalk
# On the ftrace routes (jump=0) the callback runs on one CPU: the jump
# route's runs on both and waits for the other vCPU, which a 2-core host
# deschedules now and then for a whole tick (8 ms callbacks seen).
check load-core load_module kpatch jump=0 || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_answer || exit 1
i=0
while [ $i -lt 400 ]; do
	sleep 1000 &
	i=$((i + 1))
done
sleep 2
# The median callback ns of 5 unpatch+patch cycles (a median: one vCPU
# descheduled by a busy host can stretch a single callback 50x).
cycles() {
	ns=""
	n=0
	while [ $n -lt 5 ]; do
		echo 0 > $S/enabled || return 1
		ns="$ns $(cat $S/stop_machine_callback_ns)"
		echo 1 > $S/enabled || return 1
		ns="$ns $(cat $S/stop_machine_callback_ns)"
		n=$((n + 1))
	done
	echo $ns | tr ' ' '\n' | sort -n | sed -n 5p
}
pre=$(cycles)
check prewalk-cycles test -n "$pre"
check prewalk-off sh -c "echo 0 > $P"
all=$(cycles)
check inside-cycles test -n "$all"
log "$(ps | wc -l) processes; 10 callbacks: pre-walked $pre ns median, all inside $all ns median"
check prewalk-shorter test "$pre" -lt "$all"
check_eq still-patched 2 cat /proc/kpt_answer
kill $(jobs -p) 2>/dev/null
check unpatch sh -c "echo 0 > $S/enabled"
check unload-patch unload_module kpp_answer
