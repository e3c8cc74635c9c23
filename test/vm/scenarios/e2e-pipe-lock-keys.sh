# SPDX-License-Identifier: GPL-2.0
# End to end, empty lockdep class keys (test/e2e/patches/pipe-lock-keys.patch):
# the replaced alloc_pipe_info() (fs/pipe.c) initialises its wait queues and
# mutex with keys of size 0 that kallsyms cannot tell from their
# neighbours; the patch carries its own.  It loads, pipes keep carrying
# data through the patched code, and after unload through the original.
# modules: kpatch kpatch-pipe-lock-keys
# tools: kpatch
# boot: shared
# timeout: 180
P=kpatch-pipe-lock-keys
msgs() { dmesg | grep -c 'kpatch-e2e: pipe of'; true; }
check_eq before-no-msg 0 msgs
check_eq pipe-before 'through a pipe' sh -c 'echo "through a pipe" | cat'
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq pipe-patched 'still through a pipe' sh -c 'echo "still through a pipe" | cat'
check_eq patched-msg 1 msgs
check_contains patched-text 'kpatch-e2e: pipe of 16 buffers, locks initialised' dmesg
# Many pipes, each with its wait queues and mutex from the patched code.
check_eq many-pipes 200 sh -c 'i=0; while [ $i -lt 200 ]; do echo x | cat; i=$((i+1)); done | wc -l'
check unload kpatch unload $P
check_eq pipe-after 'after unload' sh -c 'echo "after unload" | cat'
