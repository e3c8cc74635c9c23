/* A static branch written as the kernel's x86 jump_label.h writes it
 * (with objtool's jump-label hack): a `jmp` the assembler may shorten,
 * and a __jump_table entry. */
struct static_key { int enabled; };
struct static_key key;
extern void slow_path(int);

static inline __attribute__((always_inline)) int branch(struct static_key *k)
{
	asm goto("1:"
		 "jmp %l[l_yes] # objtool NOPs this \n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".long 1b - ., %l[l_yes] - .\n\t"
		 ".quad %c0 + %c1 - .\n\t"
		 ".popsection\n\t"
		 : : "i"(k), "i"(2) : : l_yes);
	return 0;
l_yes:
	return 1;
}

int near_target(int x)
{
	if (branch(&key))
		slow_path(x);
	return x + 1;
}
