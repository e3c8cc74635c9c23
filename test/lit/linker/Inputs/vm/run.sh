#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh BUILD_DIR [WORK_DIR] - kpatch-link output in the real kernel:
# builds (1) a patch of fs/proc/version.c and (2) a patch of a module
# target whose changed function uses every special section, each into a
# patch module made from the kmod/patch template, and runs the
# linker-*.sh scenarios in the VM bench.  Needs BUILD_DIR to have built
# kpatch-link, the plugin and kpatch-core.  Not part of ctest (two VM
# boots, ~1 min); the kbuild/modpost part is covered by kbuild.test.
set -e
build=$(cd "$1" && pwd)
work=${2:-$build/test/lit/linker/vm-work}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../../../.." && pwd)
ksrc=${KPATCH_KSRC:-$(cat "$build/test/lit/ksrc.path" 2>/dev/null || true)}
[ -n "$ksrc" ] || { echo "run.sh: no prepared kernel tree: build the lit-kernel-tree target or set KPATCH_KSRC" >&2; exit 2; }
release=$("$src/scripts/kernel-release")
headers=/usr/src/linux-headers-$release
plugin=$build/gcc-plugin/kpatch.so
link="$build/bin/kpatch-link --symvers $headers/Module.symvers --release $release"
rm -rf "$work" && mkdir -p "$work/a" "$work/b" "$work/tm" "$work/mods" "$work/pv" "$work/pk"

# A patch module from the template and a kpatch-link output.
patch_module() {	# DIR NAME OBJECT
	cp "$3" "$1/patch.o_shipped"
	echo 'cmd_patch.o := kpatch-link' > "$1/.patch.o.cmd"
	cp "$src/kmod/patch/kpatch-patch.c" "$1/"
	printf 'obj-m := %s.o\n%s-y := kpatch-patch.o patch.o\nccflags-y := -I%s/include -I%s/kmod/core\n' \
		"$2" "$2" "$src" "$src" > "$1/Kbuild"
	make -s -C "$headers" M="$1" KBUILD_EXTRA_SYMBOLS="$build/kmod/core/Module.symvers" modules
	cp "$1/$2.ko" "$work/mods/"
}

# (1) vmlinux: version_proc_show.
cp "$ksrc/fs/proc/version.c" "$work/a/version.c"
sed 's/seq_printf(m, linux_proc_banner,/seq_puts(m, "patched "); seq_printf(m, linux_proc_banner,/' \
	"$work/a/version.c" > "$work/b/version.c"
sh "$here/../kcc.sh" "$ksrc" "$plugin" "$work/orig.o" "$work/a/version.c" -I./fs/proc
sh "$here/../kcc.sh" "$ksrc" "$plugin" "$work/patched.o" "$work/b/version.c" -I./fs/proc
$link -o "$work/version-patch.o" "$work/orig.o" "$work/patched.o"
patch_module "$work/pv" kpatch-version "$work/version-patch.o"

# (2) a module target, built twice in one directory (same __FILE__).
cp "$here/kpl_target.c" "$here/../special.c" "$work/tm/"
target() {	# EXTRA_CFLAGS
	printf 'obj-m := kpl_target.o\nccflags-y := -ffunction-sections -fdata-sections -fplugin=%s %s\n' \
		"$plugin" "$1" > "$work/tm/Kbuild"
	touch "$work/tm/kpl_target.c"
	make -s -C "$headers" M="$work/tm" modules
}
target ""
cp "$work/tm/kpl_target.o" "$work/target-orig.o"
cp "$work/tm/kpl_target.ko" "$work/mods/"
target -DPATCHED
$link --object kpl_target -o "$work/kpl-patch.o" "$work/target-orig.o" "$work/tm/kpl_target.o"
patch_module "$work/pk" kpatch-kpl "$work/kpl-patch.o"

exec "$src/test/vm/run-vm" --scenario-dir "$here" --module-dir "$build/kmod" \
	--module-dir "$work/mods" --work-dir "$work/vm" 'linker-*'
