# SPDX-License-Identifier: GPL-2.0
# The nfsd fix (test/e2e/releases/nfsd-sequence.patch) as kpatch-build -r all
# built it for one release, run on that release's own stock kernel
# (test/e2e/run-releases-all boots each built release once, with that
# release's kpatch.ko and stock nfsd modules; KPVM_RELEASE names it).
# The same fix built for another release (kpatch-nfsd-sequence-foreign.ko)
# is refused here and leaves nothing behind.
# The patch loads before nfsd; when nfsd comes, kpatch.ko compares
# nfsd4_sequence's code with the original object byte for byte and
# switches it; then the patch unloads and nfsd stays.
# modules: kpatch grace sunrpc lockd nfs_acl auth_rpcgss nfsd kpatch-nfsd-sequence kpatch-nfsd-sequence-foreign
# tools: kpatch
# boot: own
# timeout: 300
P=kpatch-nfsd-sequence
S=/sys/kernel/kpatch/kpatch_nfsd_sequence
check_eq release "$KPVM_RELEASE" uname -r || exit 1
check_contains proc-version "$KPVM_RELEASE" cat /proc/version
F=$(module_path $P-foreign)
foreign=$(grep -ao 'vermagic=[^ ]*' "$F" | head -1)
log "foreign module built for ${foreign#vermagic=}, running $(uname -r)"
check foreign-is-other sh -c "[ -n '$foreign' ] && [ '${foreign#vermagic=}' != '$(uname -r)' ]"
check load-core load_module kpatch || exit 1
dmesg -c > /dev/null
check_fails foreign-refused insmod "$F"
check_contains foreign-by-kpatch "built for kernel ${foreign#vermagic=}, running $(uname -r)" dmesg
check_fails foreign-gone sh -c "grep -q '^kpatch_nfsd_sequence ' /proc/modules || test -e $S"
check load kpatch load "$(module_path $P)" || exit 1
check_eq enabled 1 cat $S/enabled
check_eq nfsd-waiting 0 cat $S/nfsd/patched
for m in grace sunrpc lockd nfs_acl auth_rpcgss nfsd; do
	check load-$m load_module $m || exit 1
done
check_eq nfsd-patched 1 cat $S/nfsd/patched
check_contains listed 'kpatch_nfsd_sequence [enabled]' kpatch list
check_contains function '{"name":"nfsd4_sequence","object":"nfsd"' kpatch list --json
check unload kpatch unload $P
check_fails module-gone test -e /sys/module/kpatch_nfsd_sequence
check nfsd-stays test -e /sys/module/nfsd
