/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routes.S - each route of kmod/core, replayed in user space on the host
 * CPU: the bytes the core writes at the original's entry, the code a
 * patched call runs in kpatch.ko or in front of the replacement, and the
 * replacement, laid out in separate pages as vmlinux, kpatch.ko and the
 * patch module are.
 *
 * Functions are kernel-shaped: a 5-byte fentry nop (0f 1f 44 00 00, what
 * ftrace leaves in an untraced site) and a 7-instruction body ending in
 * `ret; int3` (SLS=y; RETHUNK=y, and the kernel patches its return thunk
 * into a plain `ret` on a CPU that needs no return mitigation).  The
 * original adds 1 to its hash, the replacement 2, so the driver
 * (replay.c) can check which one every call reached.
 *
 * Callers are kernel-shaped too (fentry nop, a saved register, a direct
 * call, work after it): frame_R_D calls the original of route R through
 * D such frames, loop_R_D calls frame_R_D n times in a loop of direct
 * calls.  The depth matters when a route leaves the CPU's return-stack
 * buffer unbalanced: every return up the chain is then mispredicted.
 *
 * What is byte-exact and what is not: the fentry site, the jump route's
 * `jmp rel32`, the entry stub and the trampoline are the very
 * instructions the core writes or runs (direct.c, tramp.S, jump.c).  The
 * ftrace handler route is a replay of its shape: the register save and
 * restore of 6.1's ftrace_regs_caller, a C handler doing what
 * kp_ftrace_handler does (recursion guard, map lookup, setting the ip),
 * and the return into the replacement through the rewritten return
 * address.  The livepatch route (a klp-format module, the kernel's own
 * livepatch) runs the same trampoline shape with a replica of 6.1's
 * klp_ftrace_handler instead: 6.1 gives each function's klp_ops its own
 * dynamic trampoline calling that handler directly, as kpatch.ko's
 * handler gets one.
 */
#define FENTRY_NOP	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00

/* The 7-instruction body: hash(edi) + k. */
.macro body k
	mov	%edi, %eax
	imul	$0x9e3779b1, %eax, %eax
	xor	$0x5bd1e995, %eax
	shr	$7, %eax
	add	%edi, %eax
	add	$\k, %eax
	ret
	int3
.endm

.macro func name
	.p2align 4
	.globl	\name
	.type	\name, @function
\name:
.endm

/* A caller one frame up: fentry nop, a saved register, work after the call. */
.macro frame name, callee
	func	\name
	FENTRY_NOP
	push	%rbx
	mov	%edi, %ebx
	call	\callee
	add	%ebx, %eax
	pop	%rbx
	ret
	int3
.endm

/* n (rdi) direct calls of callee(i); returns the sum of the results. */
.macro loop name, callee
	func	\name
	push	%rbx
	push	%r12
	mov	%rdi, %r12
	xor	%ebx, %ebx
1:	mov	%r12d, %edi
	call	\callee
	add	%eax, %ebx
	dec	%r12
	jnz	1b
	mov	%ebx, %eax
	pop	%r12
	pop	%rbx
	ret
	int3
.endm

/* Depths 0, 1, 2, 4 and 8 of route r (see replay.c's DEPTHS). */
.macro chain r
	frame	frame_\r\()_1, orig_\r
	frame	frame_\r\()_2, frame_\r\()_1
	frame	frame_\r\()_3, frame_\r\()_2
	frame	frame_\r\()_4, frame_\r\()_3
	frame	frame_\r\()_5, frame_\r\()_4
	frame	frame_\r\()_6, frame_\r\()_5
	frame	frame_\r\()_7, frame_\r\()_6
	frame	frame_\r\()_8, frame_\r\()_7
	loop	loop_\r\()_0, orig_\r
	loop	loop_\r\()_1, frame_\r\()_1
	loop	loop_\r\()_2, frame_\r\()_2
	loop	loop_\r\()_4, frame_\r\()_4
	loop	loop_\r\()_8, frame_\r\()_8
.endm

/* ---- "vmlinux": the originals, each with the bytes of its route ---- */
	.section .text.vmlinux, "ax", @progbits
	.p2align 12

/* Unpatched: the fentry nop, then the body. */
func orig_unpatched
	FENTRY_NOP
	body 1

/* jump (jump.c): the fentry nop stays; the 5 bytes after it are a jmp rel32. */
func orig_jump
	FENTRY_NOP
	.byte	0xe9
	.long	repl - . - 4
	body 1

/* stub (route.c): the fentry site calls the replacement's entry stub. */
func orig_stub
	.byte	0xe8
	.long	repl_entry - . - 4
	body 1

/* trampoline (direct.c): the fentry site calls kpatch.ko's trampoline. */
func orig_tramp
	.byte	0xe8
	.long	kp_tramp_0 - . - 4
	body 1

/* handler (redirect.c): the fentry site calls ftrace's regs trampoline. */
func orig_handler
	.byte	0xe8
	.long	ftrace_regs_replica - . - 4
	body 1

/* livepatch (klp_enable_patch): the fentry site calls its ops' trampoline. */
func orig_klp
	.byte	0xe8
	.long	ftrace_regs_replica_klp - . - 4
	body 1

	chain unpatched
	chain jump
	chain stub
	chain tramp
	chain handler
	chain klp

/* ---- "kpatch.ko": the trampoline, as tramp.S assembles kp_tramp_0 ---- */
	.section .text.kpatch, "ax", @progbits
	.p2align 12
func kp_tramp_0
	cmpb	$1, kp_direct_sel(%rip)
	je	2f
	ja	3f
	ret
	int3
2:	addq	$8, %rsp
	.byte	0xe9
	.long	repl - . - 4
3:	addq	$8, %rsp
	.byte	0xe9
	.long	repl - . - 4

/*
 * ---- "ftrace": the shape of 6.1's ftrace_regs_caller ----
 * pt_regs on the stack below the saved flags, every GPR saved, the
 * handler called with (ip, parent_ip, ops, regs), regs->ip copied into
 * the return slot, every GPR restored, then a return into whatever ip
 * the handler left (the replacement: a return the CPU mispredicts).
 */
#define R15 0
#define R14 8
#define R13 16
#define R12 24
#define RBP 32
#define RBX 40
#define R11 48
#define R10 56
#define R9 64
#define R8 72
#define RAX 80
#define RCX 88
#define RDX 96
#define RSI 104
#define RDI 112
#define ORIG_RAX 120
#define RIP 128
#define CS 136
#define EFLAGS 144
#define RSP 152
#define SS 160
#define REGS_SIZE 168
.macro ftrace_regs_tramp name, handler, ops
	func	\name
	pushfq
	sub	$REGS_SIZE, %rsp
	mov	%rax, RAX(%rsp)
	mov	%rcx, RCX(%rsp)
	mov	%rdx, RDX(%rsp)
	mov	%rsi, RSI(%rsp)
	mov	%rdi, RDI(%rsp)
	mov	%r8, R8(%rsp)
	mov	%r9, R9(%rsp)
	mov	%rbp, RBP(%rsp)
	mov	REGS_SIZE+8(%rsp), %rdi		/* return into the original */
	sub	$5, %rdi			/* its fentry site: ip */
	mov	REGS_SIZE+16(%rsp), %rsi	/* parent ip */
	mov	%rdi, RIP(%rsp)
	mov	%r15, R15(%rsp)
	mov	%r14, R14(%rsp)
	mov	%r13, R13(%rsp)
	mov	%r12, R12(%rsp)
	mov	%r11, R11(%rsp)
	mov	%r10, R10(%rsp)
	mov	%rbx, RBX(%rsp)
	mov	REGS_SIZE(%rsp), %rcx
	mov	%rcx, EFLAGS(%rsp)
	movq	$0, ORIG_RAX(%rsp)
	lea	REGS_SIZE+16(%rsp), %rcx
	mov	%rcx, RSP(%rsp)
	mov	\ops(%rip), %rdx		/* the trampoline's ops pointer */
	mov	%rsp, %rcx
	call	\handler
	mov	EFLAGS(%rsp), %rax
	mov	%rax, REGS_SIZE(%rsp)
	mov	RIP(%rsp), %rax
	mov	%rax, REGS_SIZE+8(%rsp)		/* handlers can change the ip */
	mov	R15(%rsp), %r15
	mov	R14(%rsp), %r14
	mov	R13(%rsp), %r13
	mov	R12(%rsp), %r12
	mov	R10(%rsp), %r10
	mov	RBX(%rsp), %rbx
	mov	R11(%rsp), %r11
	mov	RAX(%rsp), %rax
	mov	RCX(%rsp), %rcx
	mov	RDX(%rsp), %rdx
	mov	RSI(%rsp), %rsi
	mov	RDI(%rsp), %rdi
	mov	R8(%rsp), %r8
	mov	R9(%rsp), %r9
	mov	RBP(%rsp), %rbp
	add	$REGS_SIZE, %rsp
	popfq
	ret
	int3
.endm

/* kpatch.ko's handler (kp_ftrace_handler) and livepatch's (klp_ftrace_handler). */
	ftrace_regs_tramp ftrace_regs_replica, replica_handler, replica_ops_ptr
	ftrace_regs_tramp ftrace_regs_replica_klp, klp_replica_handler, klp_replica_ops_ptr

/* ---- "the patch module": the replacement, its entry stub in front ---- */
	.section .text.patch, "ax", @progbits
	.p2align 12
	.skip	12
repl_entry:
	addq	$8, %rsp	/* 48 83 c4 08: direct.c's kp_entry_stub */
	.globl	repl
repl:
	body 2

	.data
	.globl	kp_direct_sel
kp_direct_sel:
	.byte	1
	.section .note.GNU-stack, "", @progbits
