# SPDX-License-Identifier: GPL-2.0
# Core module: corrupted .kpatch.* contents, 300 mutants of three patch
# modules (kpp_hooks: hooks; kpp_static: a dynrela, anchors; kpp_replace_a:
# two functions, entry pad, atomic replace), made by kpt-mutate (field by
# field from abi.h's layouts, plus random bytes; seed 13) and loaded
# through kpatch.ko.  Each is refused cleanly (no module, no sysfs entry,
# kpt_answer() unpatched) or loads, shows as enabled, unpatches and
# unloads cleanly; the bench fails on any oops or warning.  A patched
# function is not called while a mutant is loaded: a mutant may point its
# replacement at other code of its own, which no check can judge (a module
# is code the kernel already runs; the trust model in kmod/core/README.md).
# modules: kpatch kpt_target kpp_hooks kpp_static kpp_replace_a
# tools: kpt-mutate
# boot: own
# timeout: 900
SEED=13
PER_BASE=100
check load-core load_module kpatch settle_ms=0 || exit 1
check load-target load_module kpt_target || exit 1

# Nothing of mutant module $1 is left, and kpt_answer() is the original.
left_clean() {
	! grep -q "^$1 " /proc/modules && [ ! -e /sys/kernel/kpatch/$1 ] &&
		[ -z "$(ls /sys/kernel/kpatch)" ] && [ "$(cat /proc/kpt_answer)" = 1 ]
}

# A mutant that loaded: it must be applied, then unpatch and unload.
unload_loaded() {
	[ "$(cat /sys/kernel/kpatch/$1/enabled)" = 1 ] &&
		echo 0 > /sys/kernel/kpatch/$1/enabled && rmmod $1
}

refused=0 loaded=0 bad=0
for base in kpp_hooks kpp_static kpp_replace_a; do
	i=0
	while [ $i -lt $PER_BASE ]; do
		kpt-mutate /modules/$base.ko $SEED $i /tmp/mutant.ko > /tmp/what || {
			fail "$base-$i-generate" "kpt-mutate failed"; bad=$((bad + 1)); break; }
		what=$(tr '\n' ' ' < /tmp/what)
		# One line per mutant in the output log: reproduce one on the host
		# with `kpt-mutate BASE.ko SEED INDEX OUT.ko`.
		if insmod /tmp/mutant.ko 2>/dev/null; then
			loaded=$((loaded + 1))
			echo "$base $SEED $i loaded: $what"
			unload_loaded $base || { fail "$base-$i-unload" "$what"; bad=$((bad + 1)); }
		else
			refused=$((refused + 1))
			echo "$base $SEED $i refused: $what"
		fi
		left_clean $base || { fail "$base-$i-clean" "$what"; bad=$((bad + 1)); }
		i=$((i + 1))
	done
done
log "mutants: $refused refused, $loaded loaded and unloaded, $bad left a mess (seed $SEED)"
check_eq all-mutants-run $((3 * PER_BASE)) echo $((refused + loaded))
check_eq none-left-a-mess 0 echo $bad
check some-refused test $refused -gt 0
check_eq target-still-works 1 cat /proc/kpt_answer
# The core still applies a good patch after all that.
check load-good load_module kpp_hooks
check_eq good-applied 4 cat /proc/kpt_answer
check unpatch-good sh -c 'echo 0 > /sys/kernel/kpatch/kpp_hooks/enabled'
check unload-good unload_module kpp_hooks
check unload-target unload_module kpt_target
check unload-core unload_module kpatch
