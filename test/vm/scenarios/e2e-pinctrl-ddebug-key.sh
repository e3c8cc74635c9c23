# SPDX-License-Identifier: GPL-2.0
# End to end, static branch keys read from the original's references:
# kpatch-pinctrl-ddebug-key.ko (test/e2e/patches/pinctrl-ddebug-key.patch)
# replaces amd_gpio_probe(), whose dev_dbg() descriptors' names and
# neighbours can occur several times in kallsyms (they did in 6.1.0-50's).
# kpatch.ko sets their keys as the patch module comes (before jump labels
# are linked), from the verified original's references to them; the patch applies,
# dynamic debug can switch those call sites on and off (the keys the
# patch's jump entries were linked to), and it unloads.
# modules: kpatch kpatch-pinctrl-ddebug-key
# tools: kpatch
# boot: shared
# timeout: 120
P=kpatch-pinctrl-ddebug-key
S=/sys/kernel/kpatch/kpatch_pinctrl_ddebug_key
C=/proc/dynamic_debug/control
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_contains early-keys '3 static branch key(s) in vmlinux set' dmesg
check_eq enabled 1 cat $S/enabled
check_eq patched 1 cat $S/vmlinux/patched
check ddebug-on sh -c "echo 'file drivers/pinctrl/pinctrl-amd.c +p' > $C"
check_contains ddebug-listed 'pinctrl-amd.c' sh -c "grep '=p' $C"
check ddebug-off sh -c "echo 'file drivers/pinctrl/pinctrl-amd.c -p' > $C"
check unload kpatch unload $P
