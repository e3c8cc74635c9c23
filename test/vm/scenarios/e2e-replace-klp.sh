# SPDX-License-Identifier: GPL-2.0
# Atomic replace and shadow variables in the livepatch format: A =
# livepatch-version-proc, B = livepatch-version-shadow, both replacing
# version_proc_show, both with klp_patch.replace (kpatch-build's default
# unless -R).  B counts reads in a shadow variable (klp_shadow_* on
# init_uts_ns) and frees it in its post-unpatch callback, which runs when B
# is disabled.  Then A -> B -> A: each transition finishes, the patch
# replaced is freed (its sysfs directory goes, its module can be removed)
# and /proc/version is the newest patch's.  livepatch runs no callback of
# a replaced patch (Documentation/livepatch/cumulative-patches.rst), so
# B's counter outlives its replacement (the kernel's behaviour, checked):
# loading and disabling B once more frees it.
# modules: livepatch-version-proc livepatch-version-shadow
# boot: shared
# timeout: 300
A=livepatch-version-proc
B=livepatch-version-shadow
before=$(cat /proc/version)
klp_load shadow-load $B || exit 1
check_contains shadow-1 'shadow reads: 1' cat /proc/version
check_contains shadow-2 'shadow reads: 2' cat /proc/version
freed=$(dmesg | grep -c 'livepatch-e2e: shadow counters freed')
klp_unload shadow-unload $B
check_eq shadow-freed $((freed + 1)) sh -c "dmesg | grep -c 'livepatch-e2e: shadow counters freed'"
check_eq shadow-restored "$before" cat /proc/version

klp_load load-a $A || exit 1
check_contains a-patched 'This has been patched!' cat /proc/version
klp_load load-b $B || exit 1
check_eventually a-replaced 60 gone klp_present $A
check unload-a unload_module $A
check_contains b-fresh-shadow 'shadow reads: 1' cat /proc/version
check_fails b-not-a grep -q 'This has been patched!' /proc/version
klp_load reload-a $A || exit 1
check_eventually b-replaced 60 gone klp_present $B
check unload-b unload_module $B
check_contains a-again 'This has been patched!' cat /proc/version
check_fails a-not-b grep -q 'shadow reads' /proc/version
klp_unload unload-a-again $A
check_eq restored "$before" cat /proc/version
# B's counter is still allocated (two reads above): B again, disabled, frees it.
klp_load cleanup-load $B || exit 1
check_contains leaked-count-kept 'shadow reads: 3' cat /proc/version
freed=$(dmesg | grep -c 'livepatch-e2e: shadow counters freed')
klp_unload cleanup-unload $B
check_eq cleanup-freed $((freed + 1)) sh -c "dmesg | grep -c 'livepatch-e2e: shadow counters freed'"
