# SPDX-License-Identifier: GPL-2.0
# Core module: kpt_calc() called in tight loops on every CPU during
# patch/unpatch cycles of kpp_calc, then atomic replaces A->B->A of
# kpp_calc (3x) and kpp_calc_b (4x), on the jump route
# (kmod/core/jump.c), twice: first bridged (the default: each switch is
# the map's, the jmp after the fentry site rewritten around the window
# while ftrace carries the calls), then with bridge=0 (the jmp rewritten
# inside the window under running callers).  Every call returns the old
# (2x) or a new (3x, 4x) result, all are seen, and the kernel stays quiet.
# modules: kpatch kpt_target kpp_calc kpp_calc_b
# boot: own
# timeout: 900
S=/sys/kernel/kpatch/kpp_calc
B=/sys/kernel/kpatch/kpp_calc_b
R=$S/kpt_target/kpt_calc/route
P=/sys/module/kpatch/parameters
# settle_ms: the bridge armed by the first switch, before the callers
# start, stays until the callers stop: under TCG ftrace rewriting a site
# that another vCPU runs in a tight loop can livelock that vCPU
# (kmod/core/route.c).
check load-core load_module kpatch settle_ms=600000 || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_calc || exit 1
check load-b load_module kpp_calc_b || exit 1
# B replaced A as it loaded; A replaces B back.
check a-on sh -c "echo 1 > $S/enabled"
check_eq route-bridge bridge cat $R
# A switch may be refused with -EBUSY when a thread happens to be inside
# kpt_calc(): retry it, up to 20 times in a row.
# switch VALUE [PATCH_DIR]
switch() {
	tries=0
	until echo $1 > ${2:-$S}/enabled 2>/dev/null; do
		tries=$((tries + 1))
		busy=$((busy + 1))
		[ $tries -lt 20 ] || return 1
	done
}
# stress PHASE CYCLES REPLACES: callers on every CPU through CYCLES
# patch/unpatch cycles of A, then REPLACES replaces A->B->A.
stress() {
	check "$1-start" sh -c 'echo 1 > /proc/kpt_stress'
	busy=0
	i=0
	start=$(date +%s)
	while [ $i -lt $2 ]; do
		switch 0 && switch 1 || break
		i=$((i + 1))
	done
	end=$(date +%s)
	check_eq "$1-cycles" $2 echo $i
	log "$1: $2 cycles in $((end - start)) s, $busy retries after -EBUSY; last window $(cat $S/stop_machine_ns) ns, callback $(cat $S/stop_machine_callback_ns) ns"
	# Each enable replaces the other patch in one switch (the jmp retargeted).
	i=0
	while [ $i -lt $3 ]; do
		switch 1 $B && switch 1 $S || break
		i=$((i + 1))
	done
	check_eq "$1-replace-cycles" $3 echo $i
	check_eq "$1-b-replaced" 0 cat $B/enabled
	check "$1-stop" sh -c 'echo 0 > /proc/kpt_stress'
	res=$(cat /proc/kpt_stress)
	log "$1 stress: $res"
	check_contains "$1-no-bad-result" 'bad=0' echo "$res"
	check "$1-saw-old" sh -c "echo '$res' | grep -qv ' old=0 '"
	check "$1-saw-new" sh -c "echo '$res' | grep -qv ' new=0 '"
	check "$1-saw-new-b" sh -c "echo '$res' | grep -qv ' newb=0 '"
}
stress bridged 100 25
check_eq bridged-route-still-bridge bridge cat $R
check_contains bridged-none-inside 'kpp_calc: patch: stop_machine' sh -c "dmesg | grep 'jump sites changed, 0 inside' | tail -n 1"

# In the window: the bridge goes once the callers stopped (settle_ms=0).
check window-mode sh -c "echo 0 > $P/bridge; echo 0 > $P/settle_ms; echo 0 > $S/enabled; echo 1 > $S/enabled"
check_eventually route-jump 10 jump cat $R
stress inside 100 25
check_contains inside-window 'kpp_calc: patch: stop_machine' sh -c "dmesg | grep 'jump sites changed, 1 inside' | tail -n 1"
check_eq inside-route-jump jump cat $R
check unpatch sh -c "echo 0 > $S/enabled"
check unload-b unload_module kpp_calc_b
check unload-patch unload_module kpp_calc
