# SPDX-License-Identifier: GPL-2.0
# End to end, a fix in a function without an ftrace entry
# (test/e2e/patches/prctl-untraceable.patch): __do_sys_prctl, static, is
# redirected by a jmp at its entry (route "jump"); the syscall entry points
# that call it are not replaced.  PR_SET_NAME("")
# succeeds before, fails with EINVAL while patched, succeeds again after
# unloading; a normal name works throughout.  Then the livepatch-format
# module of the same build: livepatch has no jmp at an entry, so it holds
# a copy of __do_sys_prctl reached through the replaced entry points
# __x64_sys_prctl and __ia32_sys_prctl.
# modules: kpatch kpatch-prctl-untraceable livepatch-prctl-untraceable
# tools: kpatch kpt-prctl
# boot: shared
# timeout: 240
P=kpatch-prctl-untraceable
check_eq before-empty ok kpt-prctl set-name ""
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq route jump cat /sys/kernel/kpatch/kpatch_prctl_untraceable/vmlinux/__do_sys_prctl/route
check_fails callers-stay sh -c 'kpatch list | grep -q __x64_sys_prctl'
check_eq patched-empty 'error: EINVAL' sh -c 'kpt-prctl set-name "" || true'
check_eq patched-name ok kpt-prctl set-name kpt-name
check unload kpatch unload $P
check_eq restored-empty ok kpt-prctl set-name ""
L=livepatch-prctl-untraceable
klp_load klp-load $L || exit 1
check klp-entry-replaced test -d "$(klp_dir $L)/vmlinux/__x64_sys_prctl,1"
check klp-ia32-entry-replaced test -d "$(klp_dir $L)/vmlinux/__ia32_sys_prctl,1"
check_fails klp-copy-not-redirected test -d "$(klp_dir $L)/vmlinux/__do_sys_prctl,1"
check_eq klp-patched-empty 'error: EINVAL' sh -c 'kpt-prctl set-name "" || true'
check_eq klp-patched-name ok kpt-prctl set-name kpt-name
klp_unload klp-unload $L
check_eq klp-restored-empty ok kpt-prctl set-name ""
