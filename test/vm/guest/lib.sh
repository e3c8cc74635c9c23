# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - the guest-side library of the VM bench, sourced by every scenario
# (busybox sh).  It reports results to the host as kernel log records
# written to /dev/kmsg, so they reach the serial console whole and in order
# with the kernel's own messages (a WARNING is attributed to the right
# scenario).  One record per result, numbered from 1 within the scenario:
#
#   @@kpvm check <scenario> <seq> <check> PASS|FAIL <detail>
#
# Every result is also counted in /kpvm/results before it is sent; /init
# reports that count with the scenario's end marker, so the host can tell
# a result it never received from one that was never sent.
# It does not decide what a scenario's verdict is: the host does, from the
# checks, the scenario's exit status and the kernel log.
#
# API (NAME: a check name without spaces; CMD...: a command and its args):
#   check NAME CMD...                  PASS iff CMD exits 0
#   check_fails NAME CMD...            PASS iff CMD exits non-zero
#   check_eq NAME EXPECTED CMD...      PASS iff CMD exits 0 and its stdout
#                                      (trailing newlines dropped) is EXPECTED
#   check_contains NAME NEEDLE CMD...  PASS iff CMD exits 0 and its output
#                                      (stdout+stderr) contains NEEDLE
#   pass NAME [DETAIL] / fail NAME DETAIL   report a result directly
#   log MSG...                         a note in the kernel log (console)
#   module_path NAME                   prints /modules/NAME.ko
#   load_module NAME [PARAM=VALUE...]  insmod /modules/NAME.ko
#   unload_module NAME                 rmmod NAME
# Every check_* returns 0 on PASS and 1 on FAIL, so `check ... || exit 1`
# stops a scenario whose later steps make no sense after a failure.  CMD
# runs in a command substitution (a subshell): its cd or assignments do not
# persist.
#
# Variables: KPVM_SCENARIO (this scenario's name), KPVM_MODULES (/modules),
# KPVM_KASLR (on|off, as booted), KPVM_BOOT (the boot's number).

KPVM_MODULES=/modules
# Outside /tmp, which scenarios own; /init empties it before each scenario.
KPVM_RESULTS=/kpvm/results
[ -r /kpvm/boot.conf ] && . /kpvm/boot.conf

# One kmsg record per call: the message is built first and written by a
# single printf, never longer than a kernel log line.  Its level (5) does
# not decide whether it reaches the console: the host boots with
# ignore_loglevel, so a scenario lowering the console loglevel (dmesg -n 1)
# silences neither the results nor the kernel's alarms.
_kpvm_emit() {
	_kpvm_msg=$(printf '%s' "@@kpvm $*" | tr '\n\r\t' '   ' | cut -c1-900)
	printf '<5>%s\n' "$_kpvm_msg" > /dev/kmsg
}

# The last 300 characters of a command's output, on one line.
_kpvm_tail() {
	printf '%s' "$1" | tail -c 300 | tr '\n\r\t' '|  '
}

# Counted first, sent second: a record lost on the way still counts.  A
# file, not a variable, so that checks run in subshells count as well.
_kpvm_result() {	# NAME PASS|FAIL DETAIL
	_kpvm_name=$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.:+=-' '_')
	echo "$_kpvm_name" >> "$KPVM_RESULTS"
	_kpvm_seq=$(($(wc -l < "$KPVM_RESULTS")))
	_kpvm_emit check "${KPVM_SCENARIO:-unknown}" "$_kpvm_seq" "$_kpvm_name" "$2" "$3"
	[ "$2" = PASS ]
}

pass() {
	_kpvm_result "$1" PASS "${2:-}"
}

fail() {
	_kpvm_result "$1" FAIL "${2:-failed}"
}

log() {
	_kpvm_emit log "${KPVM_SCENARIO:-unknown}" "$*"
}

check() {
	_kpvm_c=$1; shift
	_kpvm_out=$("$@" 2>&1)
	_kpvm_rc=$?
	if [ "$_kpvm_rc" -eq 0 ]; then
		pass "$_kpvm_c"
	else
		fail "$_kpvm_c" "'$*' exited $_kpvm_rc: $(_kpvm_tail "$_kpvm_out")"
	fi
}

check_fails() {
	_kpvm_c=$1; shift
	_kpvm_out=$("$@" 2>&1)
	_kpvm_rc=$?
	if [ "$_kpvm_rc" -ne 0 ]; then
		pass "$_kpvm_c" "exited $_kpvm_rc"
	else
		fail "$_kpvm_c" "'$*' succeeded but should fail: $(_kpvm_tail "$_kpvm_out")"
	fi
}

check_eq() {
	_kpvm_c=$1; _kpvm_want=$2; shift 2
	_kpvm_out=$("$@")
	_kpvm_rc=$?
	if [ "$_kpvm_rc" -ne 0 ]; then
		fail "$_kpvm_c" "'$*' exited $_kpvm_rc"
	elif [ "$_kpvm_out" = "$_kpvm_want" ]; then
		pass "$_kpvm_c"
	else
		fail "$_kpvm_c" "expected '$_kpvm_want', got '$(_kpvm_tail "$_kpvm_out")'"
	fi
}

# check_eventually NAME SECONDS EXPECTED CMD...: like check_eq, but retries
# every 0.1 s for up to SECONDS (for state a kernel worker settles later).
check_eventually() {
	_kpvm_c=$1; _kpvm_secs=$2; _kpvm_want=$3; shift 3
	_kpvm_tries=$((_kpvm_secs * 10))
	while :; do
		_kpvm_out=$("$@" 2>&1)
		[ "$_kpvm_out" = "$_kpvm_want" ] && { pass "$_kpvm_c"; return 0; }
		_kpvm_tries=$((_kpvm_tries - 1))
		[ $_kpvm_tries -gt 0 ] || break
		sleep 0.1
	done
	fail "$_kpvm_c" "expected '$_kpvm_want' within ${_kpvm_secs} s, got '$(_kpvm_tail "$_kpvm_out")'"
}

check_contains() {
	_kpvm_c=$1; _kpvm_needle=$2; shift 2
	_kpvm_out=$("$@" 2>&1)
	_kpvm_rc=$?
	if [ "$_kpvm_rc" -ne 0 ]; then
		fail "$_kpvm_c" "'$*' exited $_kpvm_rc: $(_kpvm_tail "$_kpvm_out")"
	else
		case "$_kpvm_out" in
		*"$_kpvm_needle"*) pass "$_kpvm_c" ;;
		*) fail "$_kpvm_c" "'$_kpvm_needle' not in output of '$*': $(_kpvm_tail "$_kpvm_out")" ;;
		esac
	fi
}

module_path() {
	printf '%s\n' "$KPVM_MODULES/$1.ko"
}

load_module() {
	_kpvm_m=$1; shift
	insmod "$KPVM_MODULES/$_kpvm_m.ko" "$@"
}

unload_module() {
	rmmod "$1"
}

# The kernel's own livepatch (livepatch-format modules, /sys/kernel/livepatch).
# klp_dir MODULE: the patch's sysfs directory ('-' in the module's file name
# is '_' in the kernel's).
klp_dir() {
	printf '/sys/kernel/livepatch/%s\n' "$(echo "$1" | tr - _)"
}

# klp_present MODULE: "present" or "gone" (the directory goes when the
# patch is freed: after its unpatch transition, or once replaced).
klp_present() {
	if [ -e "$(klp_dir "$1")" ]; then echo present; else echo gone; fi
}

# klp_load CHECK MODULE: insmod, then the patch transition must finish and
# leave the patch enabled.  Returns non-zero if the module did not load.
klp_load() {
	check "$1" load_module "$2" || return 1
	check_eventually "$1-transition" 60 0 cat "$(klp_dir "$2")/transition"
	check_eq "$1-enabled" 1 cat "$(klp_dir "$2")/enabled"
}

# klp_unload CHECK MODULE: disable, wait for the unpatch transition and the
# patch to be freed, then rmmod.
klp_unload() {
	check "$1-disable" sh -c "echo 0 > $(klp_dir "$2")/enabled"
	check_eventually "$1-freed" 60 gone klp_present "$2"
	check "$1" unload_module "$2"
}
