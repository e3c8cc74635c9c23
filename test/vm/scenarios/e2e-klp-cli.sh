# SPDX-License-Identifier: GPL-2.0
# The kpatch tool with livepatch-format modules (kpatch-build --format klp,
# test/e2e/patches/version-proc.patch): info names the kind and the
# functions, load needs no core module and waits for the livepatch
# transition, list shows kind and transition, unload waits for the unpatch
# transition and the kernel to free the patch before removing the module;
# a disabled livepatch loads again.  Then a transition held by a task:
# klp_sleep (test/vm/modules) patches kpt_wait_here(), where kpt_target's
# kthread kpt_sleeper sleeps: `kpatch load --timeout 3` fails naming the
# task, its stack and what to do; the transition ends once it leaves;
# likewise `kpatch unload --timeout 3` while a sleeper naps in the
# replacement, and loading it again then reverses that transition.  Also
# install / load --all / uninstall of a livepatch.
# modules: livepatch-version-proc kpt_target klp_sleep
# tools: kpatch
# boot: shared
# timeout: 240
LP=$(module_path livepatch-version-proc)
L=/sys/kernel/livepatch/livepatch_version_proc
before=$(cat /proc/version)
check_contains info-kind 'kind:       livepatch' kpatch info "$LP"
check_contains info-function 'vmlinux:version_proc_show' kpatch info "$LP"
check_contains info-json '"kind":"livepatch"' kpatch info --json "$LP"
check load sh -c "kpatch load '$LP' > /tmp/klp-load.out 2>&1" || { cat /tmp/klp-load.out; exit 1; }
cat /tmp/klp-load.out
check_fails load-no-core grep -q 'core module' /tmp/klp-load.out
check_contains load-says 'loaded livepatch_version_proc: enabled, 1 function patched in vmlinux' cat /tmp/klp-load.out
check_eq enabled 1 cat $L/enabled
check_eq transition 0 cat $L/transition
sed "s/^/patched:  /" /proc/version
check_contains patched 'This has been patched!' cat /proc/version
kpatch list
check_contains list 'livepatch_version_proc [enabled] (livepatch, transition 0)' kpatch list
check_contains list-function 'vmlinux:version_proc_show (livepatch)' kpatch list
check_contains list-json '"kind":"livepatch","name":"livepatch_version_proc"' kpatch list --json
check_fails load-twice kpatch load "$LP"
check_contains unload 'unloaded livepatch_version_proc' kpatch unload livepatch-version-proc
check_eq restored "$before" cat /proc/version
check_fails sysfs-gone test -e $L
check_fails module-gone test -e /sys/module/livepatch_version_proc

# Installed: `kpatch load --all` (what kpatch.service runs) loads it, no core.
R=$(uname -r)
check install kpatch install "$LP" || exit 1
check installed-file test -f /var/lib/kpatch/$R/livepatch-version-proc.ko
check load-all sh -c "kpatch load --all > /tmp/klp-all.out 2>&1" || cat /tmp/klp-all.out
check_fails load-all-no-core grep -q 'core module' /tmp/klp-all.out
check_contains load-all-patched 'This has been patched!' cat /proc/version
check unload-installed kpatch unload livepatch_version_proc
check uninstall kpatch uninstall livepatch-version-proc
check_fails uninstalled test -e /var/lib/kpatch/$R/livepatch-version-proc.ko

# Disabled by hand: the kernel frees the patch but keeps the module; load
# removes and inserts it again (a disabled livepatch cannot be re-enabled).
check load-again kpatch load "$LP" || exit 1
check disable sh -c "echo 0 > $L/enabled"
check_eventually freed 30 gone sh -c "test -e $L && echo present || echo gone"
check module-stays test -e /sys/module/livepatch_version_proc
check_contains reload 'loaded livepatch_version_proc' kpatch load "$LP"
check_contains re-patched 'This has been patched!' cat /proc/version
check unload-again kpatch unload livepatch_version_proc
check_eq restored-again "$before" cat /proc/version

# A transition held by a sleeping task.
S=/sys/kernel/livepatch/klp_sleep
check load-target load_module kpt_target || exit 1
check start-sleeper sh -c 'echo 1 > /proc/kpt_sleep'
pid=$(cat /proc/kpt_sleep)
check_contains info-foreign 'kind:       livepatch' kpatch info "$(module_path klp_sleep)"
check held-load-fails sh -c "! kpatch load --timeout 3 '$(module_path klp_sleep)' > /tmp/klp-held.out 2>&1"
cat /tmp/klp-held.out
check_contains held-names-task "kpt_sleeper (pid $pid, kernel thread), stack:" cat /tmp/klp-held.out
check_contains held-stack 'kpt_wait_here' cat /tmp/klp-held.out
check_contains held-advice "echo 1 > $S/force" cat /tmp/klp-held.out
check_eq held-transition 1 cat $S/transition
check_contains list-held 'klp_sleep [enabled] (livepatch, transition 1: patching)' kpatch list
check stop-sleeper sh -c 'echo 0 > /proc/kpt_sleep'
check_eventually transition-done 30 0 cat $S/transition
# The unpatch transition held: a new sleeper naps in the replacement
# (klp_wait_here) almost all the time.
check restart-sleeper sh -c 'echo 1 > /proc/kpt_sleep'
pid=$(cat /proc/kpt_sleep)
check unload-held-fails sh -c "! kpatch unload --timeout 3 klp_sleep > /tmp/klp-held2.out 2>&1"
cat /tmp/klp-held2.out
check_contains unload-held-names-task "kpt_sleeper (pid $pid, kernel thread), stack:" cat /tmp/klp-held2.out
check_contains unload-held-stack 'klp_wait_here' cat /tmp/klp-held2.out
check_contains unload-held-advice "echo 1 > $S/enabled" cat /tmp/klp-held2.out
check_contains list-unpatching 'klp_sleep [disabled] (livepatch, transition 1: unpatching)' kpatch list
# Loading it again while it unpatches reverses the transition: the
# sleeper never left the patched state.
check_contains reenable-reverses 're-enabled klp_sleep' kpatch load --timeout 30 "$(module_path klp_sleep)"
check_eq reenabled 1 cat $S/enabled
check_eq reenabled-transition 0 cat $S/transition
check stop-sleeper-again sh -c 'echo 0 > /proc/kpt_sleep'
check_contains unload-klp-sleep 'unloaded klp_sleep' kpatch unload klp_sleep
check_fails klp-sleep-gone test -e /sys/module/klp_sleep
check unload-target unload_module kpt_target
