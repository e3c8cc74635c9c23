# SPDX-License-Identifier: GPL-2.0
# End to end, the seed example: kpatch-build made kpatch-version-proc.ko
# from test/e2e/patches/version-proc.patch (fs/proc/version.c); loaded with
# the kpatch tool, /proc/version shows the change, and after unload the
# original text again.  Built by test/e2e (kpatch-build into <build>/kmod/e2e).
# modules: kpatch kpatch-version-proc
# tools: kpatch
# boot: shared
# timeout: 180
before=$(cat /proc/version)
sed "s/^/before:   /" /proc/version
check_fails original-unpatched grep -q 'This has been patched!' /proc/version
check info kpatch info "$(module_path kpatch-version-proc)"
check_contains info-function 'vmlinux:version_proc_show' kpatch info "$(module_path kpatch-version-proc)"
check load kpatch load --core "$(module_path kpatch)" "$(module_path kpatch-version-proc)" || exit 1
check_eq enabled 1 cat /sys/kernel/kpatch/kpatch_version_proc/enabled
sed "s/^/patched:  /" /proc/version
check_contains patched 'This has been patched!' cat /proc/version
check_contains banner-kept "$(uname -r)" cat /proc/version
# version_proc_show qualifies for the jump route (kmod/core/jump.c): a jmp
# after its fentry site, written around the stop_machine window while
# ftrace bridges the calls, the bridge gone settle_ms (1 s) later.
check_eventually route-jump 10 jump cat /sys/kernel/kpatch/kpatch_version_proc/vmlinux/version_proc_show/route
check_contains patched-via-jump 'This has been patched!' cat /proc/version
check_contains list-json '"functions":[{"name":"version_proc_show","object":"vmlinux","route":"jump"}]' kpatch list --json
check_contains list 'kpatch_version_proc [enabled]' kpatch list
check disable sh -c 'echo 0 > /sys/kernel/kpatch/kpatch_version_proc/enabled'
check_contains list-disabled 'kpatch_version_proc [disabled]' kpatch list
check_fails disabled-unpatched grep -q 'This has been patched!' /proc/version
check_contains reload-enables 're-enabled' kpatch load "$(module_path kpatch-version-proc)"
check_contains re-patched 'This has been patched!' cat /proc/version
check_fails load-twice kpatch load "$(module_path kpatch-version-proc)"
check unload kpatch unload kpatch-version-proc
sed "s/^/unloaded: /" /proc/version
check_eq restored "$before" cat /proc/version
check_fails module-gone test -e /sys/module/kpatch_version_proc
