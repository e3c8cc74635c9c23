# SPDX-License-Identifier: GPL-2.0
# End to end, dynamic debug in a patched module:
# kpatch-binfmt-misc-ddebug.ko (test/e2e/patches/binfmt-misc-ddebug.patch)
# replaces create_entry(), whose pr_debug() sites test binfmt_misc's own
# descriptors' keys (in stubs: the patch is loaded before binfmt_misc),
# except the first, whose format changed: that descriptor is the patch
# module's own.  Each site prints only while its descriptor is enabled in
# dynamic debug's control file; then again with the patch loaded after
# binfmt_misc.
# modules: kpatch binfmt_misc kpatch-binfmt-misc-ddebug
# tools: kpatch
# boot: shared
# timeout: 240
P=kpatch-binfmt-misc-ddebug
PM=kpatch_binfmt_misc_ddebug
S=/sys/kernel/kpatch/$PM
C=/sys/kernel/debug/dynamic_debug/control
echo 0 > /tmp/bmd-count

# Registers one more (harmless) extension rule, named afresh each time
# (checks run in subshells: the count lives in a file); prints what
# create_entry() said, fails if the rule could not be registered.
register() {
	n=$(($(cat /tmp/bmd-count) + 1))
	echo $n > /tmp/bmd-count
	dmesg -c > /dev/null
	echo ":kpe$n:E::kpe$n::/bin/true:" > /tmp/bmd/register || return 1
	dmesg | grep 'register: ' || true
}
said() { out=$(register) || return 2; echo "$out" | grep -q "$1"; }
not_said() { out=$(register) || return 2; ! echo "$out" | grep -q "$1"; }

check_fails target-not-loaded test -e /sys/module/binfmt_misc
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check load-target load_module binfmt_misc || exit 1
check_eq patched 1 cat $S/binfmt_misc/patched
mkdir -p /tmp/bmd
check mount mount -t binfmt_misc none /tmp/bmd || exit 1
check_contains control-lists-patch-descriptor "[$PM]create_entry" cat $C
check all-off not_said 'register: '
echo 'module binfmt_misc +p' > $C
check module-site-on said 'register: name: {kpe'
check changed-descriptor-not-binfmt_misc not_said 'register: received'
echo 'module binfmt_misc -p' > $C
check module-site-off not_said 'register: name:'
echo "module $PM +p" > $C
check patch-descriptor-on said 'bytes (live-patched)'
check module-site-still-off not_said 'register: name:'
echo "module $PM -p" > $C
check patch-descriptor-off not_said 'register: received'
check unload kpatch unload $P

# Loaded while binfmt_misc is live, its sites already on.
echo 'module binfmt_misc +p' > $C
check unpatched-says-old-format said 'received [0-9]* bytes$'
check reload kpatch load "$(module_path $P)" || exit 1
check module-site-on-live said 'register: name: {kpe'
check old-format-gone not_said 'received [0-9]* bytes$'
echo 'module binfmt_misc -p' > $C
check module-site-off-live not_said 'register: name:'
check unload-again kpatch unload $P
echo -1 > /tmp/bmd/status
check umount umount /tmp/bmd
check unload-target unload_module binfmt_misc
