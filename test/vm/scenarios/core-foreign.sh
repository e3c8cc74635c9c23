# SPDX-License-Identifier: GPL-2.0
# Core module: a patch module built for another stock release's ABI
# (kpp_foreign.ko: kpp_answer's patch, kbuilt against the headers of
# scripts/other-release and that release's kpatch.ko exports) is refused
# on this kernel: by the module loader as it stands, and by kpatch.ko's
# verification when the loader is told to ignore vermagic and symbol
# versions (finit_module's MODULE_INIT_IGNORE_* flags, as `insmod -f`).
# Nothing is applied either way.
# modules: kpatch kpt_target kpp_foreign
# tools: kpt-finit
# boot: own
# timeout: 120
K=/modules/kpp_foreign.ko
check load-core load_module kpatch || exit 1
check load-target load_module kpt_target || exit 1
built_for=$(grep -ao 'vermagic=[^ ]*' $K | head -1)
built_for=${built_for#vermagic=}
log "kpp_foreign.ko built for $built_for, running $(uname -r)"
check other-release sh -c "[ -n '$built_for' ] && [ '$built_for' != '$(uname -r)' ]"

# Refused, and nothing of it left: no module, no patch, kpt_answer() original.
refused_cleanly() {
	! grep -q '^kpp_foreign ' /proc/modules && [ ! -e /sys/kernel/kpatch/kpp_foreign ] &&
		[ "$(cat /proc/kpt_answer)" = 1 ]
}
check_fails plain-load-refused insmod $K
check plain-load-clean refused_cleanly
for flags in vermagic modversions; do
	check_fails "forced-$flags-refused" kpt-finit $K $flags
	check "forced-$flags-clean" refused_cleanly
done
dmesg -c > /dev/null
check_eq forced-both-refused 'error: EINVAL' sh -c "kpt-finit $K both; true"
check_contains forced-both-by-kpatch "kpp_foreign: built for kernel $built_for, running $(uname -r)" dmesg
check_contains forced-both-not-applied 'kpp_foreign: patch not applied: -22' dmesg
check forced-both-clean refused_cleanly
check_eq target-untouched 1 cat /proc/kpt_answer
check unload-target unload_module kpt_target
check unload-core unload_module kpatch
