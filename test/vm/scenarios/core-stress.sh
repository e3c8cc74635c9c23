# SPDX-License-Identifier: GPL-2.0
# Core module: kpt_calc() called in tight loops on every CPU during 200
# patch/unpatch cycles of kpp_calc, then 50 atomic replaces A->B->A of
# kpp_calc (3x) and kpp_calc_b (4x), on the jump route (kmod/core/jump.c:
# the jmp after the fentry site rewritten under running callers): every
# call returns the old (2x) or a new (3x, 4x) result, all are seen, and
# the kernel stays quiet.
# modules: kpatch kpt_target kpp_calc kpp_calc_b
# boot: own
# timeout: 900
S=/sys/kernel/kpatch/kpp_calc
# settle_ms: were the site on an ftrace route, it would stay on its
# trampoline: under TCG ftrace rewriting a site that another vCPU runs in
# a tight loop can livelock that vCPU (kmod/core/route.c).
check load-core load_module kpatch settle_ms=600000 || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_calc || exit 1
check_eq route-jump jump cat $S/kpt_target/kpt_calc/route
check start-stress sh -c 'echo 1 > /proc/kpt_stress'
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
busy=0
i=0
start=$(date +%s)
while [ $i -lt 200 ]; do
	switch 0 && switch 1 || break
	i=$((i + 1))
done
end=$(date +%s)
check_eq cycles 200 echo $i
log "200 cycles in $((end - start)) s, $busy retries after -EBUSY; last window $(cat $S/stop_machine_ns) ns, callback $(cat $S/stop_machine_callback_ns) ns"
# A->B->A: each enable replaces the other patch in one switch (the jmp retargeted).
B=/sys/kernel/kpatch/kpp_calc_b
check load-b load_module kpp_calc_b || exit 1
check_eq b-route-jump jump cat $B/kpt_target/kpt_calc/route
i=0
while [ $i -lt 50 ]; do
	switch 1 $S && switch 1 $B || break
	i=$((i + 1))
done
check_eq replace-cycles 50 echo $i
check_eq a-replaced 0 cat $S/enabled
check stop-stress sh -c 'echo 0 > /proc/kpt_stress'
res=$(cat /proc/kpt_stress)
log "stress: $res"
check_contains no-bad-result 'bad=0' echo "$res"
check saw-old sh -c "echo '$res' | grep -qv ' old=0 '"
check saw-new sh -c "echo '$res' | grep -qv ' new=0 '"
check saw-new-b sh -c "echo '$res' | grep -qv ' newb=0 '"
check unpatch sh -c "echo 0 > $B/enabled"
check unload-b unload_module kpp_calc_b
check unload-patch unload_module kpp_calc
