# SPDX-License-Identifier: GPL-2.0
# bench/module-size/run --vm: the seed patch's livepatch module after
# strip --strip-debug (what the size table counts) still loads, its
# livepatch relocation (.klp.rela, to linux_proc_banner) is applied,
# /proc/version shows the change, and disabling restores it.  Not part
# of the VM suite: the module comes from the bench.
# modules: livepatch-version-proc
# boot: own
# timeout: 240
L=/sys/kernel/livepatch/livepatch_version_proc
gone() { if [ -e $L ]; then echo present; else echo gone; fi; }
check load load_module livepatch-version-proc || exit 1
check_eventually settled 60 0 cat $L/transition
check_contains patched 'This has been patched!' cat /proc/version
check_contains banner-kept "$(uname -r)" cat /proc/version
check off sh -c "echo 0 > $L/enabled"
check_eventually gone 60 gone gone
check unload unload_module livepatch_version_proc
check_fails restored grep -q 'This has been patched!' /proc/version
