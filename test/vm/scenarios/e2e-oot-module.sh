# SPDX-License-Identifier: GPL-2.0
# End to end, an out-of-tree module: kpe_oot.ko (test/e2e/oot/kpe_oot)
# is loaded, kpatch-oot-module.ko (kpatch-build --oot-module, from
# test/e2e/patches/oot-module.patch) changes /proc/kpe_oot, unloading
# restores it.
# modules: kpatch kpe_oot kpatch-oot-module
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-oot-module
check load-target load_module kpe_oot || exit 1
check_eq before original cat /proc/kpe_oot
check_contains info-object 'kpe_oot:kpe_oot_greeting' kpatch info "$(module_path $P)"
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq patched 'patched out of tree' cat /proc/kpe_oot
check unload kpatch unload $P
check_eq restored original cat /proc/kpe_oot
check unload-target unload_module kpe_oot
