# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, an out-of-tree module:
# livepatch-oot-module.ko (kpatch-build --oot-module, symbol positions from
# the module built unpatched) changes /proc/kpe_oot; disabling restores it.
# modules: kpe_oot livepatch-oot-module
# boot: shared
# timeout: 180
P=livepatch-oot-module
check load-target load_module kpe_oot || exit 1
check_eq before original cat /proc/kpe_oot
klp_load load $P || exit 1
check_eq object-patched 1 cat "$(klp_dir $P)/kpe_oot/patched"
check_eq patched 'patched out of tree' cat /proc/kpe_oot
klp_unload unload $P
check_eq restored original cat /proc/kpe_oot
check unload-target unload_module kpe_oot
