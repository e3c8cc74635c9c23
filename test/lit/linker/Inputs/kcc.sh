#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kcc.sh KSRC PLUGIN OUT.o SRC.c [FLAGS...] - compile one C file the way
# kbuild compiles a built-in object of the prepared 6.1 tree KSRC (stock
# Debian config), plus the fingerprint plugin and -ffunction-sections
# -fdata-sections as kpatch-build does, then run objtool like kbuild.
# PLUGIN "none": without the plugin; "stock": without the plugin and the
# sections flags, exactly as the kernel itself was built.
# The output goes to OUT.o only: nothing is written into KSRC.
# Flags: `make V=1 -n fs/proc/version.o` of that tree (Linux 6.1, x86-64).
set -e
ksrc=$1 plugin=$2 out=$3 src=$4
shift 4
sections="-ffunction-sections -fdata-sections"
case "$plugin" in
none) plugin_flag= ;;
stock) plugin_flag= sections= ;;
*) plugin_flag="-fplugin=$plugin" ;;
esac
# Paths are taken relative to the caller's directory, not the tree's.
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
case "$src" in /*) ;; *) src="$PWD/$src" ;; esac
cd "$ksrc"
gcc -nostdinc -I./arch/x86/include -I./arch/x86/include/generated -I./include \
 -I./arch/x86/include/uapi -I./arch/x86/include/generated/uapi -I./include/uapi \
 -I./include/generated/uapi -include ./include/linux/compiler-version.h \
 -include ./include/linux/kconfig.h -include ./include/linux/compiler_types.h -D__KERNEL__ \
 -fmacro-prefix-map=./= -Wall -Wundef -Werror=strict-prototypes -Wno-trigraphs \
 -fno-strict-aliasing -fno-common -fshort-wchar -fno-PIE -Werror=implicit-function-declaration \
 -Werror=implicit-int -Werror=return-type -Wno-format-security -std=gnu11 -mno-sse -mno-mmx \
 -mno-sse2 -mno-3dnow -mno-avx -fcf-protection=none -m64 -falign-jumps=1 -falign-loops=1 \
 -mno-80387 -mno-fp-ret-in-387 -mpreferred-stack-boundary=3 -mskip-rax-setup -mtune=generic \
 -mno-red-zone -mcmodel=kernel -Wno-sign-compare -fno-asynchronous-unwind-tables \
 -mindirect-branch=thunk-extern -mindirect-branch-register -mindirect-branch-cs-prefix \
 -mfunction-return=thunk-extern -fno-jump-tables -mharden-sls=all \
 -fno-delete-null-pointer-checks -Wno-frame-address -Wno-format-truncation \
 -Wno-format-overflow -Wno-address-of-packed-member -O2 -fno-allow-store-data-races \
 -Wframe-larger-than=2048 -fstack-protector-strong -Wno-main -Wno-unused-but-set-variable \
 -Wno-unused-const-variable -Wno-dangling-pointer -ftrivial-auto-var-init=zero \
 -fno-stack-clash-protection -pg -mrecord-mcount -mfentry -DCC_USING_FENTRY -Wvla \
 -Wno-pointer-sign -Wcast-function-type -Wno-stringop-truncation -Wno-stringop-overflow \
 -Wno-restrict -Wno-maybe-uninitialized -Wno-array-bounds -Wno-alloc-size-larger-than \
 -Wimplicit-fallthrough=5 -fno-strict-overflow -fno-stack-check -fconserve-stack \
 -Werror=date-time -Werror=incompatible-pointer-types -Werror=designated-init \
 -fno-builtin-wcslen -Wno-packed-not-aligned -g \
 $sections $plugin_flag \
 -DKBUILD_MODFILE='"kpatch/test"' -DKBUILD_BASENAME='"test"' -DKBUILD_MODNAME='"test"' \
 -D__KBUILD_MODNAME=kmod_test "$@" -c -o "$out" "$src"
./tools/objtool/objtool --hacks=jump_label --hacks=noinstr --orc --retpoline --rethunk \
 --sls --static-call --uaccess "$out"
