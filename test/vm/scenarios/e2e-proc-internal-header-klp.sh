# SPDX-License-Identifier: GPL-2.0
# End to end in the livepatch format, a header change:
# livepatch-proc-internal-header.ko (test/e2e/patches/proc-internal-header.patch,
# the inline pde_get() of fs/proc/internal.h) replaces the vmlinux functions
# that inline it; procfs lookups and listings keep working while it is
# applied.
# modules: livepatch-proc-internal-header
# boot: shared
# timeout: 180
P=livepatch-proc-internal-header
before=$(ls /proc/tty)
klp_load load $P || exit 1
check function-lookup test -d "$(klp_dir $P)/vmlinux/proc_lookup_de,1"
check function-readdir test -d "$(klp_dir $P)/vmlinux/proc_readdir_de,1"
check_eq readdir-patched "$before" ls /proc/tty
check_contains lookup-patched '/dev/tty' cat /proc/tty/drivers
klp_unload unload $P
check_eq readdir-after "$before" ls /proc/tty
