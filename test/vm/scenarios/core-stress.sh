# SPDX-License-Identifier: GPL-2.0
# Core module: kpt_calc() called in tight loops on every CPU during 200
# patch/unpatch cycles of kpp_calc: every call returns the old (2x) or
# the new (3x) result, both are seen, and the kernel stays quiet.
# modules: kpatch kpt_target kpp_calc
# boot: own
# timeout: 900
S=/sys/kernel/kpatch/kpp_calc
# settle_ms: the site stays on its trampoline during the cycles.  Moving it
# to the entry stub rewrites it through ftrace, and under TCG ftrace
# rewriting a site that another vCPU runs in a tight loop can livelock
# that vCPU (kmod/core/redirect.c); on hardware it is ftrace's usual work.
check load-core load_module kpatch settle_ms=600000 || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_calc || exit 1
check start-stress sh -c 'echo 1 > /proc/kpt_stress'
# A switch may be refused with -EBUSY when a thread happens to be inside
# kpt_calc(): retry it, up to 20 times in a row.
switch() {
	tries=0
	until echo $1 > $S/enabled 2>/dev/null; do
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
check stop-stress sh -c 'echo 0 > /proc/kpt_stress'
res=$(cat /proc/kpt_stress)
log "stress: $res"
check_contains no-bad-result 'bad=0' echo "$res"
check saw-old sh -c "echo '$res' | grep -qv ' old=0 '"
check saw-new sh -c "echo '$res' | grep -qv ' new=0 '"
check unpatch sh -c "echo 0 > $S/enabled"
check unload-patch unload_module kpp_calc
