// SPDX-License-Identifier: GPL-2.0
/*
 * kpt-mutate - make one corrupted copy of a patch module, for the core
 * module's hostile-input scenario (test/vm/scenarios/core-mutants.sh).
 *
 *   kpt-mutate IN.ko SEED INDEX OUT.ko    writes OUT.ko, prints what changed
 *   kpt-mutate --fields IN.ko             prints the fields it knows, one a line
 *
 * Only the contents of the .kpatch.* sections change; the ELF headers, the
 * other sections and the relocation tables' shape stay as they were, so
 * the kernel's module loader accepts the mutant and kpatch.ko's own checks
 * (kmod/core/check.c, verify.c, resolve) are what meets the damage.
 *
 * Mutant INDEX is a pure function of (IN.ko, SEED, INDEX): the same
 * arguments on the host reproduce what failed in the guest.  Three of four
 * indices walk the fields of every struct in those sections in turn (the
 * layouts come from include/kpatch/abi.h, the header the core compiles):
 *   - a field the loader relocates (a pointer): its addend is shifted
 *     (by one, by one element, far away, negative), or the relocation is
 *     pointed at another symbol of the module, or dropped (R_X86_64_NONE)
 *     leaving a raw value (NULL, all ones, a kernel text address, random);
 *   - any other field: 0, 1, all ones, the top bit, off by one, a flipped
 *     bit, random.
 * The fourth overwrites 1 to 8 random bytes of a random .kpatch.* section
 * (bytes the loader would overwrite by a relocation are skipped).  No
 * mutant sets KPATCH_FUNC_FORCE_UNSAFE (see clear_force_unsafe()).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <kpatch/abi.h>

struct layout_field {
	const char *name;
	unsigned int offset, size;
};

#define F(type, member) { #member, offsetof(struct type, member), sizeof(((struct type *)0)->member) }

static const struct layout_field patch_fields[] = {
	F(kpatch_patch, magic), F(kpatch_patch, abi_version), F(kpatch_patch, flags),
	F(kpatch_patch, kernel_release), F(kpatch_patch, kernel_version),
	F(kpatch_patch, funcs), F(kpatch_patch, dynrelas), F(kpatch_patch, hooks),
	F(kpatch_patch, nr_funcs), F(kpatch_patch, nr_dynrelas), F(kpatch_patch, nr_hooks),
	F(kpatch_patch, reserved), { 0 } };
static const struct layout_field func_fields[] = {
	F(kpatch_func, new_addr), F(kpatch_func, new_size), F(kpatch_func, symbol),
	F(kpatch_func, orig_code), F(kpatch_func, masks), F(kpatch_func, nr_masks),
	F(kpatch_func, flags), { 0 } };
static const struct layout_field symbol_fields[] = {
	F(kpatch_symbol, name), F(kpatch_symbol, objname), F(kpatch_symbol, anchors),
	F(kpatch_symbol, nr_anchors), F(kpatch_symbol, anchor_self), F(kpatch_symbol, size),
	F(kpatch_symbol, ref_func), F(kpatch_symbol, ref_offset), F(kpatch_symbol, ref_type),
	F(kpatch_symbol, ref_addend), { 0 } };
static const struct layout_field dynrela_fields[] = {
	F(kpatch_dynrela, dest), F(kpatch_dynrela, symbol), F(kpatch_dynrela, addend),
	F(kpatch_dynrela, type), F(kpatch_dynrela, flags), { 0 } };
static const struct layout_field hook_fields[] = {
	F(kpatch_hook, fn), F(kpatch_hook, objname), F(kpatch_hook, kind),
	F(kpatch_hook, flags), { 0 } };
static const struct layout_field mask_fields[] = {
	F(kpatch_mask, offset), F(kpatch_mask, len), { 0 } };
static const struct layout_field u64_fields[] = { { "entry", 0, 8 }, { 0 } };

/* Which struct each section holds; sections not listed get random bytes only. */
static const struct section_layout {
	const char *section, *type;
	unsigned int size;
	const struct layout_field *fields;
} layouts[] = {
	{ KPATCH_SEC_PATCH, "kpatch_patch", sizeof(struct kpatch_patch), patch_fields },
	{ KPATCH_SEC_FUNCS, "kpatch_func", sizeof(struct kpatch_func), func_fields },
	{ KPATCH_SEC_SYMBOLS, "kpatch_symbol", sizeof(struct kpatch_symbol), symbol_fields },
	{ KPATCH_SEC_DYNRELAS, "kpatch_dynrela", sizeof(struct kpatch_dynrela), dynrela_fields },
	{ KPATCH_SEC_HOOKS, "kpatch_hook", sizeof(struct kpatch_hook), hook_fields },
	{ KPATCH_SEC_MASKS, "kpatch_mask", sizeof(struct kpatch_mask), mask_fields },
	{ KPATCH_SEC_ANCHORS, "anchor", 8, u64_fields },
};

struct module_file {
	unsigned char *data;
	size_t size;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	const char *shstr;
	Elf64_Sym *syms;
	size_t nr_syms;
};

/* One mutable field: section sec, byte offset off within it, size bytes. */
struct field {
	unsigned int sec, off, size;
	char name[96];
	Elf64_Rela *rela; /* the loader's relocation of this field, if any */
};

static struct field *fields;
static size_t nr_fields;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "kpt-mutate: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

/* splitmix64: small, good enough, and identical on every host. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void read_module(struct module_file *m, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die("cannot open %s", path);
	m->size = st.st_size;
	m->data = malloc(m->size);
	if (!m->data || read(fd, m->data, m->size) != (ssize_t)m->size)
		die("cannot read %s", path);
	close(fd);
	m->eh = (Elf64_Ehdr *)m->data;
	if (m->size < sizeof(*m->eh) || memcmp(m->eh->e_ident, ELFMAG, SELFMAG) ||
	    m->eh->e_ident[EI_CLASS] != ELFCLASS64 || m->eh->e_shoff + 
	    (uint64_t)m->eh->e_shnum * sizeof(Elf64_Shdr) > m->size)
		die("%s: not an ELF64 object", path);
	m->sh = (Elf64_Shdr *)(m->data + m->eh->e_shoff);
	m->shstr = (const char *)m->data + m->sh[m->eh->e_shstrndx].sh_offset;
	for (unsigned int i = 0; i < m->eh->e_shnum; i++)
		if (m->sh[i].sh_type == SHT_SYMTAB) {
			m->syms = (Elf64_Sym *)(m->data + m->sh[i].sh_offset);
			m->nr_syms = m->sh[i].sh_size / sizeof(Elf64_Sym);
		}
	if (!m->syms)
		die("%s: no symbol table", path);
}

static const char *sec_name(const struct module_file *m, unsigned int i)
{
	return m->shstr + m->sh[i].sh_name;
}

static int is_kpatch(const struct module_file *m, unsigned int i)
{
	return !strncmp(sec_name(m, i), ".kpatch.", 8) && m->sh[i].sh_type == SHT_PROGBITS;
}

static Elf64_Rela *rela_at(const struct module_file *m, unsigned int sec, uint64_t off)
{
	for (unsigned int i = 0; i < m->eh->e_shnum; i++) {
		const Elf64_Shdr *r = &m->sh[i];
		Elf64_Rela *rel = (Elf64_Rela *)(m->data + r->sh_offset);

		if (r->sh_type != SHT_RELA || r->sh_info != sec)
			continue;
		for (size_t j = 0; j < r->sh_size / sizeof(*rel); j++)
			if (rel[j].r_offset == off)
				return &rel[j];
	}
	return NULL;
}

static void add_field(const struct module_file *m, unsigned int sec, unsigned int off,
		      unsigned int size, const char *type, size_t elem, const char *member)
{
	struct field *f;

	fields = realloc(fields, (nr_fields + 1) * sizeof(*fields));
	if (!fields)
		die("%s", "out of memory");
	f = &fields[nr_fields++];
	f->sec = sec;
	f->off = off;
	f->size = size;
	f->rela = rela_at(m, sec, off);
	snprintf(f->name, sizeof(f->name), "%s %s[%zu].%s", sec_name(m, sec), type, elem, member);
}

static void collect_fields(const struct module_file *m)
{
	for (unsigned int i = 0; i < m->eh->e_shnum; i++) {
		if (!is_kpatch(m, i))
			continue;
		for (size_t l = 0; l < sizeof(layouts) / sizeof(layouts[0]); l++) {
			const struct section_layout *lay = &layouts[l];

			if (strcmp(sec_name(m, i), lay->section))
				continue;
			for (size_t e = 0; e < m->sh[i].sh_size / lay->size; e++)
				for (const struct layout_field *lf = lay->fields; lf->name; lf++)
					add_field(m, i, e * lay->size + lf->offset, lf->size,
						  lay->type, e, lf->name);
		}
	}
	if (!nr_fields)
		die("%s", "no .kpatch.* fields to mutate");
}

static uint64_t get_le(const unsigned char *p, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, p, size);
	return v;
}

static void put_le(unsigned char *p, unsigned int size, uint64_t v)
{
	memcpy(p, &v, size);
}

/* A value a careless or hostile producer could put in an integer field. */
static uint64_t odd_value(uint64_t old, unsigned int size, const char **how)
{
	uint64_t ones = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;

	switch (below(9)) {
	case 0: *how = "zero"; return 0;
	case 1: *how = "one"; return 1;
	case 2: *how = "all ones"; return ones;
	case 3: *how = "top bit"; return 1ULL << (8 * size - 1);
	case 4: *how = "plus one"; return (old + 1) & ones;
	case 5: *how = "minus one"; return (old - 1) & ones;
	case 6: *how = "bit flip"; return old ^ (1ULL << below(8 * size));
	case 7: *how = "times 4096"; return (old * 4096) & ones;
	default: *how = "random"; return rnd() & ones;
	}
}

static int mutate_pointer(struct module_file *m, struct field *f, char *what, size_t len)
{
	Elf64_Rela *r = f->rela;
	unsigned char *p = m->data + m->sh[f->sec].sh_offset + f->off;
	static const int64_t shifts[] = { 1, -1, 8, -8, 48, -64, 4096, -0x100000, 1LL << 40 };
	uint64_t sym, raw;

	switch (below(3)) {
	case 0: {
		int64_t d = shifts[below(sizeof(shifts) / sizeof(shifts[0]))];

		r->r_addend += d;
		return snprintf(what, len, "addend %+lld", (long long)d);
	}
	case 1:
		do
			sym = 1 + below(m->nr_syms - 1);
		while (ELF64_ST_TYPE(m->syms[sym].st_info) == STT_FILE && m->nr_syms > 2);
		r->r_info = ELF64_R_INFO(sym, ELF64_R_TYPE(r->r_info));
		return snprintf(what, len, "relocated to symbol #%llu", (unsigned long long)sym);
	default: {
		static const uint64_t raws[] = { 0, ~0ULL, 0xffffffff81000000ULL, 0x1000 };

		raw = below(5) < 4 ? raws[below(4)] : rnd();
		r->r_info = ELF64_R_INFO(0, R_X86_64_NONE);
		put_le(p, f->size, raw);
		return snprintf(what, len, "relocation dropped, raw %#llx", (unsigned long long)raw);
	}
	}
}

static void mutate_field(struct module_file *m, struct field *f)
{
	unsigned char *p = m->data + m->sh[f->sec].sh_offset + f->off;
	char what[128];
	const char *how;
	uint64_t old, v;

	if (f->rela) {
		mutate_pointer(m, f, what, sizeof(what));
	} else {
		old = get_le(p, f->size);
		v = odd_value(old, f->size, &how);
		put_le(p, f->size, v);
		snprintf(what, sizeof(what), "%s: %#llx -> %#llx", how, (unsigned long long)old,
			 (unsigned long long)v);
	}
	printf("%s: %s\n", f->name, what);
}

static int relocated_byte(const struct module_file *m, unsigned int sec, uint64_t off)
{
	for (uint64_t o = off >= 7 ? off - 7 : 0; o <= off; o++)
		if (rela_at(m, sec, o))
			return 1;
	return 0;
}

static void mutate_bytes(struct module_file *m)
{
	unsigned int secs[64], n = 0, count = 1 + below(8), done = 0;
	const Elf64_Shdr *s;
	unsigned int sec;

	for (unsigned int i = 0; i < m->eh->e_shnum && n < 64; i++)
		if (is_kpatch(m, i) && m->sh[i].sh_size)
			secs[n++] = i;
	sec = secs[below(n)];
	s = &m->sh[sec];
	printf("%s: random bytes at", sec_name(m, sec));
	for (unsigned int tries = 0; done < count && tries < 64; tries++) {
		uint64_t off = below(s->sh_size);

		if (relocated_byte(m, sec, off))
			continue;
		m->data[s->sh_offset + off] = (unsigned char)rnd();
		printf(" %#llx", (unsigned long long)off);
		done++;
	}
	printf("\n");
}

/*
 * No mutant carries KPATCH_FUNC_FORCE_UNSAFE: that flag pins the patch
 * module by design (it can never be unloaded), and every later mutant of
 * the same module would then meet the pinned one instead of the core.
 */
static unsigned int clear_force_unsafe(struct module_file *m)
{
	unsigned int cleared = 0;

	for (unsigned int i = 0; i < m->eh->e_shnum; i++) {
		unsigned char *base = m->data + m->sh[i].sh_offset;

		if (!is_kpatch(m, i) || strcmp(sec_name(m, i), KPATCH_SEC_FUNCS))
			continue;
		for (size_t e = 0; e < m->sh[i].sh_size / sizeof(struct kpatch_func); e++) {
			unsigned char *p = base + e * sizeof(struct kpatch_func) +
					   offsetof(struct kpatch_func, flags);

			cleared += !!(get_le(p, 4) & KPATCH_FUNC_FORCE_UNSAFE);
			put_le(p, 4, get_le(p, 4) & ~(uint64_t)KPATCH_FUNC_FORCE_UNSAFE);
		}
	}
	return cleared;
}

static void write_module(const struct module_file *m, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, m->data, m->size) != (ssize_t)m->size || close(fd))
		die("cannot write %s", path);
}

int main(int argc, char **argv)
{
	struct module_file m;
	unsigned long long seed, index;

	if (argc == 3 && !strcmp(argv[1], "--fields")) {
		read_module(&m, argv[2]);
		collect_fields(&m);
		for (size_t i = 0; i < nr_fields; i++)
			printf("%s%s\n", fields[i].name, fields[i].rela ? " (relocated)" : "");
		return 0;
	}
	if (argc != 5) {
		fprintf(stderr, "usage: kpt-mutate IN.ko SEED INDEX OUT.ko | kpt-mutate --fields IN.ko\n");
		return 2;
	}
	read_module(&m, argv[1]);
	collect_fields(&m);
	seed = strtoull(argv[2], NULL, 0);
	index = strtoull(argv[3], NULL, 0);
	rng_state = seed * 0x100000001b3ULL ^ index;
	rnd();
	if (index % 4 == 3)
		mutate_bytes(&m);
	else
		mutate_field(&m, &fields[(index - index / 4) % nr_fields]);
	if (clear_force_unsafe(&m))
		printf("  then KPATCH_FUNC_FORCE_UNSAFE cleared\n");
	write_module(&m, argv[4]);
	return 0;
}
