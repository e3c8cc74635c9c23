# SPDX-License-Identifier: GPL-2.0
# End to end, shadow variables in the kpatch format: kpatch-version-shadow.ko
# (test/e2e/patches/version-shadow.patch) counts /proc/version reads in the
# kernel's klp_shadow_* (no field for it in init_uts_ns) and frees the
# counters in its post-unpatch callback.
# modules: kpatch kpatch-version-shadow
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-version-shadow
before=$(cat /proc/version)
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_contains shadow-1 'shadow reads: 1' cat /proc/version
check_contains shadow-2 'shadow reads: 2' cat /proc/version
freed=$(dmesg | grep -c 'livepatch-e2e: shadow counters freed')
check unload kpatch unload $P
check_eq freed $((freed + 1)) sh -c "dmesg | grep -c 'livepatch-e2e: shadow counters freed'"
check_eq restored "$before" cat /proc/version
