# SPDX-License-Identifier: GPL-2.0
# kpatch install / load --all / uninstall with the seed example's module:
# install puts it in /var/lib/kpatch/RELEASE and enables kpatch.service,
# `kpatch load --all` (what the unit runs at boot) loads it, uninstall
# removes both.
# modules: kpatch kpatch-version-proc
# tools: kpatch
# boot: shared
# timeout: 120
P=kpatch-version-proc
R=$(uname -r)
check install kpatch install "$(module_path $P)" || exit 1
check installed-file test -f /var/lib/kpatch/$R/$P.ko
check_contains unit 'ExecStart=' cat /etc/systemd/system/kpatch.service
check unit-enabled test -L /etc/systemd/system/multi-user.target.wants/kpatch.service
check_contains listed "/var/lib/kpatch/$R/$P.ko" kpatch list
check load-all kpatch load --all --core "$(module_path kpatch)" || exit 1
check_contains patched 'This has been patched!' cat /proc/version
check unload kpatch unload $P
check_fails unpatched grep -q 'This has been patched!' /proc/version
check uninstall kpatch uninstall $P
check_fails file-gone test -e /var/lib/kpatch/$R/$P.ko
check_fails unit-gone test -e /etc/systemd/system/kpatch.service
