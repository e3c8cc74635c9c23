# SPDX-License-Identifier: GPL-2.0
# Core module: garbage written to every file of /sys/kernel/kpatch/ and to
# the core's module parameters (empty, overlong, binary, numbers out of
# range, words) gets a clean error or is taken as a valid value; then two
# processes enable and disable one patch at once, 100 times each, while a
# third reads the patched function.  The patch's state stays consistent
# (enabled matches what kpt_answer() returns), and it still unloads.
# modules: kpatch kpt_target kpp_answer
# boot: own
# timeout: 300
S=/sys/kernel/kpatch/kpp_answer
# settle_ms: a function that cannot take the jump route stays on its
# trampoline, so a switch rewrites no ftrace site while the reader below
# runs kpt_answer(): under TCG that
# rewrite can livelock the reader's vCPU (kmod/core/redirect.c,
# core-stress.sh; seen here as a 60 s stop_machine under host load).
check load-core load_module kpatch settle_ms=600000 || exit 1
check load-target load_module kpt_target || exit 1
check load-patch load_module kpp_answer || exit 1

head -c 5000 /dev/urandom > /tmp/random
head -c 8192 /dev/zero | tr '\0' 1 > /tmp/ones
# write_garbage FILE: every kind of garbage, each in its own write(2);
# prints how many writes the file accepted.
write_garbage() {
	ok=0
	for g in '' ' ' 2 -1 10 1x 0x1 '1 1' 99999999999999999999 -9223372036854775809 \
		yes no maybe '\n' "$(printf '\001\377')"; do
		printf '%s' "$g" 2>/dev/null > "$1" && ok=$((ok + 1))
	done
	cat /tmp/random 2>/dev/null > "$1" && ok=$((ok + 1))
	cat /tmp/ones 2>/dev/null > "$1" && ok=$((ok + 1))
	echo $ok
}
# Consistent: enabled is 0 or 1 and kpt_answer() agrees.
consistent() {
	e=$(cat $S/enabled) a=$(cat /proc/kpt_answer)
	[ "$e" = 1 -a "$a" = 2 ] || [ "$e" = 0 -a "$a" = 1 ]
}

files=$(find /sys/kernel/kpatch /sys/module/kpatch/parameters -type f)
check some-files test -n "$files"
saved=$(for p in /sys/module/kpatch/parameters/*; do echo "$p $(cat $p)"; done)
n=0
for f in $files; do
	name="garbage-$(echo ${f#/sys/} | tr / :)"
	case $(stat -c %A $f) in
	?rw*) accepted=$(write_garbage $f 2>/dev/null)
	      pass "$name" "writable; $accepted of 17 garbage writes taken as values" ;;
	*) check_eq "$name" 0 write_garbage $f ;;
	esac
	n=$((n + 1))
	consistent || fail "consistent-after-$n" "$f"
done
log "garbage written to $n files"
# What is not a boolean is refused by enabled, whatever the state.
k=0
for g in ' ' 2 -1 maybe x0 "$(printf '\377')"; do
	k=$((k + 1))
	check_fails "enabled-refuses-$k" sh -c "printf '%s' '$g' > $S/enabled"
done
echo "$saved" | while read -r p v; do echo "$v" > $p; done
check readable sh -c "cat $(echo $files) > /dev/null"
check consistent-after-garbage consistent

# Back on the default jump route (the parameters were restored above;
# garbage may have set them otherwise meanwhile) before the reader starts:
# the switch bridges the site through ftrace, and settle_ms keeps the
# bridge while the reader runs: later switches rewrite only bytes no call
# reaches (the jmp), so the TCG livelock above cannot happen.
check settle-off sh -c "echo 0 > $S/enabled && echo 1 > $S/enabled"
check_eq on-bridge bridge cat $S/kpt_target/kpt_answer/route

# Two writers flip enabled at once, 100 times each; errors (-EBUSY, a
# concurrent switch) are allowed, inconsistency is not.
flip() {
	i=0 ok=0
	while [ $i -lt 100 ]; do
		echo $(( (i + $1) % 2 )) > $S/enabled 2>/dev/null && ok=$((ok + 1))
		i=$((i + 1))
	done
	echo $ok > /tmp/flips-$1
}
reader() {
	bad=0
	while [ -e /tmp/flipping ]; do
		a=$(cat /proc/kpt_answer)
		[ "$a" = 1 ] || [ "$a" = 2 ] || bad=$((bad + 1))
	done
	echo $bad > /tmp/reader-bad
}
touch /tmp/flipping
reader &
flip 0 & p1=$!
flip 1 & p2=$!
wait $p1 $p2
rm /tmp/flipping
wait
log "writes taken: $(cat /tmp/flips-0) and $(cat /tmp/flips-1) of 100 each"
check both-writers-switched sh -c 'test $(cat /tmp/flips-0) -gt 0 -a $(cat /tmp/flips-1) -gt 0'
check_eq reader-saw-only-1-or-2 0 cat /tmp/reader-bad
check consistent-after-flips consistent
check disable sh -c "echo 0 > $S/enabled"
check_eq restored 1 cat /proc/kpt_answer
check enable sh -c "echo 1 > $S/enabled"
check_eq patched 2 cat /proc/kpt_answer
check disable-again sh -c "echo 0 > $S/enabled"
check unload-patch unload_module kpp_answer
check_fails sysfs-gone test -e $S
check unload-target unload_module kpt_target
check unload-core unload_module kpatch
