/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tramp.S - the trampolines of the direct-call fast path (direct.c).
 *
 * ftrace's register_ftrace_direct() makes a function's fentry site call
 * one of these instead of going through the ftrace handler.  Trampoline
 * i reads kp_direct_slot[i]: 0 means "not redirected", and it returns to
 * the original function right after its fentry call; otherwise it drops
 * that return address, which leaves the stack exactly as at the
 * function's entry, and jumps to the replacement.  The slots are written
 * inside stop_machine(); nothing here is ever rewritten.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#define KP_NR_TRAMPS 256

.macro kp_tramp n
	.balign 16
SYM_FUNC_START(kp_tramp_\n)
	movq	kp_direct_slot + 8 * \n(%rip), %r11
	testq	%r11, %r11
	jz	1f
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	JMP_NOSPEC r11
1:	RET
SYM_FUNC_END(kp_tramp_\n)
.endm

/*
 * .altmacro turns %kp_i into the number for the name; the kernel's own
 * macros inside kp_tramp must expand in normal mode.
 */
.macro kp_tramp_numbered n
	.noaltmacro
	kp_tramp \n
	.altmacro
.endm

.macro kp_tramp_addr n
	.noaltmacro
	.quad	kp_tramp_\n
	.altmacro
.endm

	.text
	.set	kp_i, 0
	.altmacro
	.rept	KP_NR_TRAMPS
	kp_tramp_numbered %kp_i
	.set	kp_i, kp_i + 1
	.endr
	.noaltmacro

/* The trampolines' addresses, indexed by slot. */
	.section .rodata, "a"
	.balign 8
SYM_DATA_START(kp_tramps)
	.set	kp_i, 0
	.altmacro
	.rept	KP_NR_TRAMPS
	kp_tramp_addr %kp_i
	.set	kp_i, kp_i + 1
	.endr
	.noaltmacro
SYM_DATA_END(kp_tramps)
