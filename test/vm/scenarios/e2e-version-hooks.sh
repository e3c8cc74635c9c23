# SPDX-License-Identifier: GPL-2.0
# End to end, a patch written for kpatch: kpatch-version-hooks.ko (from
# test/e2e/patches/version-hooks.patch) includes "kpatch-macros.h" and its
# KPATCH_POST_PATCH_CALLBACK runs once when the patch is applied; the
# patched version_proc_show() prints the count from a new variable.
# modules: kpatch kpatch-version-hooks
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-version-hooks
before=$(cat /proc/version)
check_contains info-hooks 'hooks:      1' kpatch info "$(module_path $P)"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_contains callback-ran 'kpatch post-patch callbacks: 1' cat /proc/version
check_contains banner-kept "$(uname -r)" cat /proc/version
check unload kpatch unload $P
check_eq restored "$before" cat /proc/version
