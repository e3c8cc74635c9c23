// SPDX-License-Identifier: GPL-2.0
//
// object.cc - parse and validate one relocatable object with libelf.
//
// All raw offsets from the file are checked here, once; everything above
// this file works on spans and indices that are known to be in range.
#include "elf/object.h"

#include "elf/files.h"

#include <kpatch/klp.h>

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include <fmt/core.h>

namespace kpatch::elf {

bool Section::is_text() const { return flags & SHF_EXECINSTR; }
bool Section::is_alloc() const { return flags & SHF_ALLOC; }
bool Section::is_nobits() const { return type == SHT_NOBITS; }

bool Symbol::is_defined() const
{
    return shndx != SHN_UNDEF && shndx < SHN_LORESERVE;
}

struct Object::Handle {
    Elf *elf = nullptr;
    ~Handle()
    {
        if (elf)
            elf_end(elf);
    }
};

Object::Object(std::string path, std::vector<uint8_t> bytes)
    : path_(std::move(path)), bytes_(std::move(bytes)), handle_(std::make_unique<Handle>())
{
}

Object::Object(Object &&) noexcept = default;
Object &Object::operator=(Object &&) noexcept = default;
Object::~Object() = default;

void Object::fail(std::string_view what) const
{
    throw Error(Diagnostic{.file = path_, .what = std::string(what)});
}

Object Object::open(const std::string &path)
{
    return from_bytes(path, read_input(path));
}

Object Object::from_bytes(std::string name, std::vector<uint8_t> bytes)
{
    Object obj(std::move(name), std::move(bytes));
    obj.parse();
    return obj;
}

void Object::parse()
{
    elf_version(EV_CURRENT);
    if (bytes_.size() < sizeof(Elf64_Ehdr))
        fail(fmt::format("not an ELF object (only {} bytes)", bytes_.size()));
    handle_->elf = elf_memory(reinterpret_cast<char *>(bytes_.data()), bytes_.size());
    if (!handle_->elf || elf_kind(handle_->elf) != ELF_K_ELF)
        fail("not an ELF object");
    GElf_Ehdr eh;
    if (!gelf_getehdr(handle_->elf, &eh))
        fail(fmt::format("unreadable ELF header: {}", elf_errmsg(-1)));
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
        eh.e_machine != EM_X86_64)
        fail("not a 64-bit little-endian x86-64 object");
    if (eh.e_type != ET_REL)
        fail("not a relocatable object (ET_REL); pass the .o files the compiler produced");
    if (eh.e_shoff > bytes_.size() ||
        uint64_t{eh.e_shnum} * sizeof(Elf64_Shdr) > bytes_.size() - eh.e_shoff)
        fail(fmt::format("section headers extend past the end of the file ({} bytes; truncated?)",
                         bytes_.size()));
    parse_sections();
    parse_symbols();
    // A livepatch module's .klp.rela.OBJ.SECTION (klp.h) targets a section
    // that has its ordinary .rela too; the kernel's livepatch, not the
    // module loader, applies it against SHN_LIVEPATCH symbols: not this
    // object's relocations.
    for (const Section &s : sections_)
        if (s.type == SHT_RELA && !(s.flags & KPATCH_SHF_RELA_LIVEPATCH))
            parse_relas(s);
}

void Object::parse_sections()
{
    size_t shnum = 0, shstrndx = 0;
    if (elf_getshdrnum(handle_->elf, &shnum) || elf_getshdrstrndx(handle_->elf, &shstrndx))
        fail(fmt::format("unreadable section headers: {}", elf_errmsg(-1)));
    if (shnum == 0 || shstrndx >= shnum)
        fail("no section header string table");
    sections_.resize(shnum);
    for (size_t i = 1; i < shnum; i++) {
        Elf_Scn *scn = elf_getscn(handle_->elf, i);
        GElf_Shdr sh;
        if (!scn || !gelf_getshdr(scn, &sh))
            fail(fmt::format("unreadable section header {}: {}", i, elf_errmsg(-1)));
        Section &s = sections_[i];
        s.index = i;
        const char *name = elf_strptr(handle_->elf, shstrndx, sh.sh_name);
        if (!name)
            fail(fmt::format("section {} has a bad name offset", i));
        s.name = name;
        s.type = sh.sh_type;
        s.flags = sh.sh_flags;
        s.addralign = sh.sh_addralign;
        s.entsize = sh.sh_entsize;
        s.size = sh.sh_size;
        s.link = sh.sh_link;
        s.info = sh.sh_info;
        check_section_header(s);
        if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL)
            continue;
        if (sh.sh_offset > bytes_.size() || sh.sh_size > bytes_.size() - sh.sh_offset)
            fail(fmt::format("section '{}' extends past the end of the file (truncated?)", s.name));
        Elf_Data *d = elf_rawdata(scn, nullptr);
        if (sh.sh_size && (!d || d->d_size != sh.sh_size))
            fail(fmt::format("section '{}': unreadable data: {}", s.name, elf_errmsg(-1)));
        if (sh.sh_size)
            s.data = {static_cast<const uint8_t *>(d->d_buf), d->d_size};
        if (sh.sh_type == SHT_SYMTAB) {
            if (symtab_index_)
                fail("more than one symbol table");
            symtab_index_ = i;
        }
    }
}

// The header fields later code sizes or aligns anything with; offsets and
// sizes of data in the file are checked against the file in parse_sections.
void Object::check_section_header(const Section &s) const
{
    if (s.addralign > 1 && !std::has_single_bit(s.addralign))
        fail(fmt::format("section '{}': alignment {:#x} is not a power of two", s.name,
                         s.addralign));
    if (s.is_alloc() && s.addralign > kMaxAlign)
        fail(fmt::format("section '{}': alignment {:#x} is more than a module section gets "
                         "({:#x}, a page): the object is corrupt", s.name, s.addralign,
                         kMaxAlign));
    if (s.is_nobits() && s.size > kMaxNobitsBytes)
        fail(fmt::format("section '{}': {} bytes of zeroes (SHT_NOBITS), more than {}: the "
                         "object is corrupt", s.name, s.size, kMaxNobitsBytes));
    if ((s.flags & SHF_MERGE) && (s.entsize == 0 || s.size % s.entsize))
        fail(fmt::format("section '{}': mergeable, but its size {} is not a multiple of its "
                         "entry size {}", s.name, s.size, s.entsize));
    if (s.type == SHT_SYMTAB && s.size % sizeof(Elf64_Sym))
        fail(fmt::format("symbol table '{}': size {} is not a multiple of {}", s.name, s.size,
                         sizeof(Elf64_Sym)));
    if (s.type == SHT_RELA && s.size % sizeof(Elf64_Rela))
        fail(fmt::format("relocation section '{}': size {} is not a multiple of {}", s.name,
                         s.size, sizeof(Elf64_Rela)));
}

// A defined symbol, section symbols included, lies inside its section:
// later code copies and searches [value, value + size) without
// re-checking.
void Object::check_symbol_extent(const Symbol &s) const
{
    if (!s.is_defined())
        return;
    const Section &sec = sections_[s.shndx];
    if (s.value > sec.size || s.size > sec.size - s.value)
        fail(fmt::format("symbol '{}' ({:#x}+{:#x}) extends past the end of its section '{}' "
                         "({:#x} bytes)", s.name, s.value, s.size, sec.name, sec.size));
}

void Object::parse_symbols()
{
    if (!symtab_index_)
        fail("no symbol table (stripped object?)");
    const Section &st = sections_[symtab_index_];
    if (st.link == 0 || st.link >= sections_.size())
        fail("symbol table has no string table");
    Elf_Data *d = elf_getdata(elf_getscn(handle_->elf, symtab_index_), nullptr);
    size_t n = st.size / sizeof(Elf64_Sym);
    if (!d || d->d_size < n * sizeof(Elf64_Sym))
        fail("unreadable symbol table");
    symbols_.resize(n);
    for (size_t i = 0; i < n; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(d, i, &sym))
            fail(fmt::format("unreadable symbol {}", i));
        Symbol &s = symbols_[i];
        s.index = i;
        const char *name = elf_strptr(handle_->elf, st.link, sym.st_name);
        if (!name)
            fail(fmt::format("symbol {} has a bad name offset", i));
        s.type = GELF_ST_TYPE(sym.st_info);
        s.bind = GELF_ST_BIND(sym.st_info);
        s.other = sym.st_other;
        s.shndx = sym.st_shndx;
        s.value = sym.st_value;
        s.size = sym.st_size;
        if (s.shndx == SHN_XINDEX)
            fail(fmt::format("symbol {} uses SHN_XINDEX, which is not supported", i));
        if (s.is_defined() && s.shndx >= sections_.size())
            fail(fmt::format("symbol '{}' points to section {} of {}", name, s.shndx, sections_.size()));
        // Section symbols are nameless in the file; name them after the section.
        s.name = (s.type == STT_SECTION && s.is_defined()) ? sections_[s.shndx].name
                                                           : std::string_view(name);
        check_symbol_extent(s);
    }
}

// Bytes a relocation of this type patches (R_X86_64_64 and friends: 8).
static uint64_t rela_width(uint32_t type)
{
    switch (type) {
    case R_X86_64_64:
    case R_X86_64_PC64:
    case R_X86_64_GOTOFF64:
    case R_X86_64_GOTPC64:
    case R_X86_64_SIZE64:
        return 8;
    case R_X86_64_NONE:
        return 0;
    default:
        return 4;
    }
}

void Object::parse_relas(const Section &rs)
{
    if (rs.link != symtab_index_ || rs.info == 0 || rs.info >= sections_.size())
        fail(fmt::format("relocation section '{}' has a bad sh_link/sh_info", rs.name));
    Section &target = sections_[rs.info];
    if (target.rela_index)
        fail(fmt::format("section '{}' has two relocation sections", target.name));
    target.rela_index = rs.index;
    Elf_Data *d = elf_getdata(elf_getscn(handle_->elf, rs.index), nullptr);
    size_t n = rs.size / sizeof(Elf64_Rela);
    if (n && (!d || d->d_size < n * sizeof(Elf64_Rela)))
        fail(fmt::format("unreadable relocation section '{}'", rs.name));
    target.relas.reserve(n);
    for (size_t i = 0; i < n; i++) {
        GElf_Rela r;
        if (!gelf_getrela(d, i, &r))
            fail(fmt::format("unreadable relocation {} of '{}'", i, rs.name));
        Rela rela{r.r_offset, static_cast<uint32_t>(GELF_R_TYPE(r.r_info)),
                  static_cast<uint32_t>(GELF_R_SYM(r.r_info)), r.r_addend};
        if (rela.symbol >= symbols_.size())
            fail(fmt::format("relocation {} of '{}' names symbol {} of {}", i, rs.name,
                             rela.symbol, symbols_.size()));
        if (rela.offset > target.size || target.size - rela.offset < rela_width(rela.type))
            fail(fmt::format("relocation {} of '{}' (type {}, at {:#x}) is outside its section "
                             "'{}' ({:#x} bytes)",
                             i, rs.name, rela.type, rela.offset, target.name, target.size));
        target.relas.push_back(rela);
    }
    std::sort(target.relas.begin(), target.relas.end(),
              [](const Rela &a, const Rela &b) { return a.offset < b.offset; });
}

const Section *Object::find_section_by_name(std::string_view name) const
{
    for (const Section &s : sections_)
        if (s.index && s.name == name)
            return &s;
    return nullptr;
}

const Symbol *Object::find_symbol_by_name(std::string_view name) const
{
    for (const Symbol &s : symbols_)
        if (s.index && s.type != STT_SECTION && s.name == name)
            return &s;
    return nullptr;
}

const Symbol *Object::find_section_symbol(uint32_t shndx) const
{
    for (const Symbol &s : symbols_)
        if (s.type == STT_SECTION && s.shndx == shndx)
            return &s;
    return nullptr;
}

static bool is_named_entity(const Symbol &s)
{
    return (s.type == STT_FUNC || s.type == STT_OBJECT) && !s.name.empty();
}

const Symbol *Object::find_symbol_containing(uint32_t shndx, uint64_t offset) const
{
    for (const Symbol &s : symbols_) {
        if (s.shndx != shndx || !is_named_entity(s))
            continue;
        if (offset >= s.value && (offset < s.value + s.size || (s.size == 0 && offset == s.value)))
            return &s;
    }
    return nullptr;
}

std::vector<const Symbol *> Object::symbols_in_section(uint32_t shndx) const
{
    std::vector<const Symbol *> out;
    for (const Symbol &s : symbols_)
        if (s.shndx == shndx && is_named_entity(s))
            out.push_back(&s);
    std::stable_sort(out.begin(), out.end(),
                     [](const Symbol *a, const Symbol *b) { return a->value < b->value; });
    return out;
}

}  // namespace kpatch::elf
