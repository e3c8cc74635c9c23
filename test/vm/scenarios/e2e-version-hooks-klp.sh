# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, a patch written for kpatch, unchanged:
# livepatch-version-hooks.ko (test/e2e/patches/version-hooks.patch) has a
# KPATCH_POST_PATCH_CALLBACK, which the template registers as the vmlinux
# klp_object's post-patch callback: it runs once, and the patched
# version_proc_show() prints the count from a new variable.
# modules: livepatch-version-hooks
# boot: shared
# timeout: 180
P=livepatch-version-hooks
before=$(cat /proc/version)
klp_load load $P || exit 1
check_contains callback-ran 'kpatch post-patch callbacks: 1' cat /proc/version
check_contains banner-kept "$(uname -r)" cat /proc/version
klp_unload unload $P
check_eq restored "$before" cat /proc/version
