/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tramp.S - the trampolines of the direct-call fast path (direct.c).
 *
 * ftrace's register_ftrace_direct() makes a function's fentry site call
 * one of these instead of going through the ftrace handler.  Trampoline i
 * reads the selector kp_direct_sel[i]: 0 returns to the original function
 * right after its fentry call; 1 and 2 drop that return address, which
 * leaves the stack exactly as at the function's entry, and take jump A or
 * B, direct jumps to a replacement.  direct.c rewrites the rel32 of the
 * jump that is not selected (so never one being executed) with
 * text_poke(), and flips the selector inside stop_machine().  No indirect
 * branch: under retpolines an indirect jump costs a call/return pair.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#define KP_NR_TRAMPS 256

/* Where an unset jump goes: never reached (its selector is never set). */
SYM_FUNC_START(kp_tramp_unset)
	ud2
SYM_FUNC_END(kp_tramp_unset)

.macro kp_tramp n
	.balign 32
SYM_FUNC_START(kp_tramp_\n)
	cmpb	$1, kp_direct_sel + \n(%rip)
	je	2f
	ja	3f
	RET
2:	addq	$8, %rsp
	UNWIND_HINT_FUNC
4:	.byte	0xe9		/* jmp rel32, never the short form */
	.long	kp_tramp_unset - . - 4
3:	addq	$8, %rsp
	UNWIND_HINT_FUNC
5:	.byte	0xe9
	.long	kp_tramp_unset - . - 4
SYM_FUNC_END(kp_tramp_\n)
	.pushsection .rodata, "a"
	.quad	kp_tramp_\n, 4b, 5b
	.popsection
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

/* kp_tramps: per trampoline, its address and those of its jumps A and B. */
	.pushsection .rodata, "a"
	.balign 8
SYM_DATA_START(kp_tramps)
	.popsection

	.text
	.set	kp_i, 0
	.altmacro
	.rept	KP_NR_TRAMPS
	kp_tramp_numbered %kp_i
	.set	kp_i, kp_i + 1
	.endr
	.noaltmacro
