# SPDX-License-Identifier: GPL-2.0
# The kernel runs where the host asked: with nokaslr, _text is at its
# link-time address; with KASLR (default) the command line does not disable
# it.  (Under KASLR _text may land on the link-time slot by chance, ~1/500,
# so that case checks the command line, not the address.)
# timeout: 30
text=$(grep ' _text$' /proc/kallsyms | cut -d' ' -f1)
log "_text at $text, kaslr $KPVM_KASLR"
check kallsyms-visible test -n "$text" -a "$text" != 0000000000000000
if [ "$KPVM_KASLR" = off ]; then
	check_contains cmdline nokaslr cat /proc/cmdline
	check_eq text-at-link-address ffffffff81000000 echo "$text"
else
	check_fails cmdline grep -q nokaslr /proc/cmdline
fi
