// SPDX-License-Identifier: GPL-2.0
//
// writer.cc - serialise a Writer's sections and symbols with libelf.
#include "elf/writer.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/core.h>

#include "elf/files.h"
#include "elf/object.h"

namespace kpatch::elf {

uint32_t Writer::add_section(OutSection sec)
{
    sections_.push_back(std::move(sec));
    section_syms_.push_back(0);
    return sections_.size();
}

uint32_t Writer::add_symbol(OutSymbol sym)
{
    symbols_.push_back(std::move(sym));
    return symbols_.size() - 1;
}

uint32_t Writer::section_symbol(uint32_t id)
{
    uint32_t &sym = section_syms_.at(id - 1);
    if (!sym)
        sym = add_symbol({.name = "", .type = STT_SECTION, .bind = STB_LOCAL, .section = id});
    return sym;
}

namespace {

// A string table under construction; offset 0 is the empty string.
struct StrTab {
    std::string bytes{'\0'};
    uint32_t add(const std::string &s)
    {
        if (s.empty())
            return 0;
        uint32_t off = bytes.size();
        bytes += s;
        bytes += '\0';
        return off;
    }
};

struct ElfCloser {
    void operator()(Elf *e) const { elf_end(e); }
};

// Everything libelf needs must outlive elf_update(): keep it here.
struct Image {
    std::vector<uint32_t> sym_order;  // new position -> symbol id
    std::vector<uint32_t> sym_index;  // symbol id -> new position
    uint32_t first_global = 0;
    std::vector<Elf64_Sym> syms;
    std::vector<std::vector<Elf64_Rela>> relas;
    StrTab strtab, shstrtab;
};

void order_symbols(const std::vector<OutSymbol> &symbols, Image &img)
{
    img.sym_index.assign(symbols.size(), 0);
    img.sym_order.push_back(0);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            img.first_global = img.sym_order.size();
        for (uint32_t id = 1; id < symbols.size(); id++) {
            bool local = symbols[id].bind == STB_LOCAL;
            if (local == (pass == 0)) {
                img.sym_index[id] = img.sym_order.size();
                img.sym_order.push_back(id);
            }
        }
    }
    for (uint32_t id : img.sym_order) {
        const OutSymbol &s = symbols[id];
        Elf64_Sym e{};
        e.st_name = img.strtab.add(s.name);
        e.st_info = ELF64_ST_INFO(s.bind, s.type);
        e.st_other = s.other;
        e.st_shndx = s.section;
        e.st_value = s.value;
        e.st_size = s.size;
        img.syms.push_back(e);
    }
}

}  // namespace

void Writer::write(const std::string &path)
{
    auto fail = [&](std::string_view what) {
        throw Error(Diagnostic{.file = path, .what = fmt::format("cannot write: {}", what)});
    };
    check_output(path);
    elf_version(EV_CURRENT);
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        fail(std::strerror(errno));
    struct Cleanup {
        int fd;
        const std::string &tmp;
        bool done = false;
        ~Cleanup()
        {
            if (fd >= 0)
                ::close(fd);
            if (!done)
                ::unlink(tmp.c_str());
        }
    } cleanup{fd, tmp};

    std::unique_ptr<Elf, ElfCloser> elf(elf_begin(fd, ELF_C_WRITE, nullptr));
    if (!elf)
        fail(elf_errmsg(-1));
    Elf64_Ehdr *eh = elf64_newehdr(elf.get());
    if (!eh)
        fail(elf_errmsg(-1));
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
    eh->e_type = ET_REL;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;

    Image img;
    order_symbols(symbols_, img);

    auto new_section = [&](const std::string &name, uint32_t type, uint64_t flags, uint64_t align,
                           uint64_t entsize, void *buf, size_t size) -> Elf64_Shdr * {
        Elf_Scn *scn = elf_newscn(elf.get());
        if (!scn)
            fail(elf_errmsg(-1));
        Elf_Data *d = elf_newdata(scn);
        if (!d)
            fail(elf_errmsg(-1));
        d->d_buf = buf;
        d->d_size = size;
        d->d_type = ELF_T_BYTE;
        d->d_align = align ? align : 1;
        Elf64_Shdr *sh = elf64_getshdr(scn);
        sh->sh_name = img.shstrtab.add(name);
        sh->sh_type = type;
        sh->sh_flags = flags;
        sh->sh_addralign = align;
        sh->sh_entsize = entsize;
        if (type == SHT_NOBITS)
            sh->sh_size = size;
        return sh;
    };

    // Section ids 1..N are the caller's sections, in order.
    for (OutSection &s : sections_) {
        bool nobits = s.type == SHT_NOBITS;
        new_section(s.name, s.type, s.flags, s.align, s.entsize, nobits ? nullptr : s.bytes.data(),
                    nobits ? s.nobits_size : s.bytes.size());
    }
    uint32_t symtab_idx = sections_.size() + 1;
    uint32_t strtab_idx = symtab_idx + 1;
    uint32_t shstrtab_idx = strtab_idx + 1;
    // Relocation sections follow the string tables.
    img.relas.resize(sections_.size());
    for (size_t i = 0; i < sections_.size(); i++) {
        std::stable_sort(sections_[i].relas.begin(), sections_[i].relas.end(),
                         [](const OutRela &a, const OutRela &b) { return a.offset < b.offset; });
        for (const OutRela &r : sections_[i].relas) {
            Elf64_Rela e{};
            e.r_offset = r.offset;
            e.r_info = ELF64_R_INFO(img.sym_index.at(r.symbol), r.type);
            e.r_addend = r.addend;
            img.relas[i].push_back(e);
        }
    }
    Elf64_Shdr *sh = new_section(".symtab", SHT_SYMTAB, 0, 8, sizeof(Elf64_Sym), img.syms.data(),
                                 img.syms.size() * sizeof(Elf64_Sym));
    sh->sh_link = strtab_idx;
    sh->sh_info = img.first_global;
    // Reserve the names first: the string tables must be final before
    // their data pointers are handed to libelf.
    std::vector<uint32_t> rela_names;
    for (size_t i = 0; i < sections_.size(); i++)
        rela_names.push_back(img.relas[i].empty() ? 0 : img.shstrtab.add(".rela" + sections_[i].name));
    uint32_t shstrtab_name = img.shstrtab.add(".shstrtab");
    uint32_t strtab_name = img.shstrtab.add(".strtab");
    new_section("", SHT_STRTAB, 0, 1, 0, img.strtab.bytes.data(), img.strtab.bytes.size())->sh_name =
        strtab_name;
    new_section("", SHT_STRTAB, 0, 1, 0, img.shstrtab.bytes.data(), img.shstrtab.bytes.size())
        ->sh_name = shstrtab_name;
    for (size_t i = 0; i < sections_.size(); i++) {
        if (img.relas[i].empty())
            continue;
        Elf64_Shdr *rs = new_section("", SHT_RELA, SHF_INFO_LINK, 8, sizeof(Elf64_Rela),
                                     img.relas[i].data(), img.relas[i].size() * sizeof(Elf64_Rela));
        rs->sh_name = rela_names[i];
        rs->sh_link = symtab_idx;
        rs->sh_info = i + 1;
    }
    eh->e_shstrndx = shstrtab_idx;
    // Per-type data: libelf needs ELF_T_SYM/ELF_T_RELA only for byte
    // swapping, which never happens here (host and target are LE x86-64).
    if (elf_update(elf.get(), ELF_C_WRITE) < 0)
        fail(elf_errmsg(-1));
    elf.reset();
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        cleanup.fd = -1;
        fail(std::strerror(errno));
    }
    cleanup.fd = -1;
    check_output(path);  // still not a device or symlink someone put there meanwhile
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        fail(std::strerror(errno));
    cleanup.done = true;
}

}  // namespace kpatch::elf
