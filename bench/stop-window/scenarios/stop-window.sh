# SPDX-License-Identifier: GPL-2.0
# bench/stop-window (not part of the test suite): the stop_machine window
# kpatch.ko reports (sysfs stop_machine_ns) for patches of 1, 10 and 100
# functions (kpp_window1/10/100) with 10, 1000 and 5000 extra sleeping
# kthreads, beside bare stop_machine() calls of an empty callback
# (/proc/kpt_stop) in the same boot: 21 back to back, and 10 issued one a
# write, as the patch's switches are.  Each point three times: on the
# default jump route (its sites bridged through ftrace, their bytes
# rewritten around the window), on the jump route rewritten inside the
# window (kpatch bridge=0: "inside") and on the ftrace routes (kpatch
# jump=0), whose window has no text to rewrite.  Logs one line per point;
# the host script (run) computes the ratios.
# modules: kpatch kpt_target kpp_window1 kpp_window10 kpp_window100
# boot: own
# timeout: 2400
K=/sys/kernel/kpatch
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
check_eq unpatched-sum 4950 cat /proc/kpt_many
for tasks in 10 1000 5000; do
	check "sleepers-$tasks" sh -c "echo $tasks > /proc/kpt_sleepers" || exit 1
	sleep 2
	check "bare-$tasks" sh -c "echo 21 > /proc/kpt_stop"
	bare=$(cat /proc/kpt_stop)
	# One stop_machine() a write, as each patch switch is one.
	single=""
	while [ $(echo $single | wc -w) -lt 10 ]; do
		echo 1 > /proc/kpt_stop && single="$single $(sed 's/.*median_ns=//' /proc/kpt_stop)"
	done
	for point in jump:1 jump:10 jump:100 inside:1 inside:10 inside:100 ftrace:1 ftrace:10 ftrace:100; do
		route=${point%:*}
		funcs=${point#*:}
		jump=1 bridge=1 want=jump
		case $route in
		inside) bridge=0 ;;
		ftrace) jump=0 want=ftrace ;;
		esac
		echo $jump > /sys/module/kpatch/parameters/jump
		echo $bridge > /sys/module/kpatch/parameters/bridge
		P=kpp_window$funcs
		check "load-$tasks-$point" load_module $P || exit 1
		check_eq "patched-$tasks-$point" $((4950 + 1000 * funcs)) cat /proc/kpt_many
		check_eventually "route-$tasks-$point" 10 $want sh -c "r=\$(cat $K/$P/kpt_target/kpt_many_0/route); [ \$r = jump ] || [ \$r = bridge ] || r=ftrace; echo \$r"
		w=""
		r=0
		while [ $r -lt 5 ]; do
			echo 0 > $K/$P/enabled && w="$w $(cat $K/$P/stop_machine_ns)"
			echo 1 > $K/$P/enabled && w="$w $(cat $K/$P/stop_machine_ns)"
			r=$((r + 1))
		done
		check "cycles-$tasks-$point" test $(echo $w | wc -w) -eq 10
		log "window route=$route tasks=$tasks funcs=$funcs processes=$(ps | wc -l) $bare single_ns=$(echo $single | tr ' ' ,) windows_ns=$(echo $w | tr ' ' ,)"
		check "unpatch-$tasks-$point" sh -c "echo 0 > $K/$P/enabled"
		check "unload-$tasks-$point" unload_module $P
	done
done
check sleepers-off sh -c "echo 0 > /proc/kpt_sleepers"
