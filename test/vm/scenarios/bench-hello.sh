# SPDX-License-Identifier: GPL-2.0
# Proves the bench: a module built by kbuild loads, exposes /proc, unloads.
# modules: hello
# timeout: 60
check load load_module hello || exit 1
check listed grep -q '^hello ' /proc/modules
check_eq read 'kpatch-vm hello' cat /proc/kpatch_hello
check unload unload_module hello
check_fails proc-gone test -e /proc/kpatch_hello
check_fails unlisted grep -q '^hello ' /proc/modules
