// SPDX-License-Identifier: GPL-2.0
//
// klp_finish.cc - see klp_finish.h.
//
// The module is edited in place through libelf (ELF_C_RDWR on a copy):
// every existing section and symbol keeps its index, the new symbols go to
// the end of .symtab (they are GLOBAL, so its sh_info stays right), the new
// names to the end of .strtab and .shstrtab, and libelf lays the file out
// again, which a relocatable object allows.
#include "klp_finish.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "elf/files.h"
#include "kpatch/klp.h"
#include "link.h"

namespace kpatch::link {
namespace {

namespace fs = std::filesystem;

// A record as the step reads it back: the field to relocate (section
// index and offset in the linked module) and its livepatch names.
struct Record {
    size_t section = 0;
    uint64_t offset = 0;
    uint32_t type = 0;
    int64_t addend = 0;
    std::string object;
    std::string symbol;
};

class Finisher {
public:
    Finisher(const std::string &ko, int fd) : ko_(ko)
    {
        elf_version(EV_CURRENT);
        elf_ = elf_begin(fd, ELF_C_RDWR, nullptr);
        if (!elf_ || elf_kind(elf_) != ELF_K_ELF)
            fail("not an ELF file");
        GElf_Ehdr eh;
        if (!gelf_getehdr(elf_, &eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
            eh.e_machine != EM_X86_64 || eh.e_type != ET_REL)
            fail("not an x86-64 kernel module (ET_REL)");
        if (elf_getshdrstrndx(elf_, &shstrndx_) != 0)
            fail("no section name table");
    }
    ~Finisher() { elf_end(elf_); }
    Finisher(const Finisher &) = delete;
    Finisher &operator=(const Finisher &) = delete;

    FinishReport run()
    {
        find_sections();
        std::vector<Record> records = read_records();
        for (const Record &r : records)
            check_field(r);
        FinishReport report;
        write_relocations(records, report);
        if (elf_update(elf_, ELF_C_WRITE) < 0)
            fail(fmt::format("cannot write: {}", elf_errmsg(-1)));
        return report;
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw Error(fmt::format("{}: {}", ko_, what));
    }

    GElf_Shdr header(size_t index) const
    {
        GElf_Shdr sh;
        if (!gelf_getshdr(elf_getscn(elf_, index), &sh))
            fail(fmt::format("section {}: unreadable header", index));
        return sh;
    }

    std::string name(size_t index) const
    {
        const char *n = elf_strptr(elf_, shstrndx_, header(index).sh_name);
        return n ? n : "";
    }

    // The section's one data buffer, as libelf read it.
    Elf_Data *data(size_t index) const
    {
        Elf_Data *d = elf_getdata(elf_getscn(elf_, index), nullptr);
        if (!d || (!d->d_buf && d->d_size))
            fail(fmt::format("section {} ({}): unreadable", index, name(index)));
        return d;
    }

    void find_sections()
    {
        size_t n;
        elf_getshdrnum(elf_, &n);
        for (size_t i = 1; i < n; ++i) {
            GElf_Shdr sh = header(i);
            std::string nm = name(i);
            if (nm.starts_with(".klp.rela."))
                fail(fmt::format("already finished: it has {}; finish the module kpatch-link "
                                 "wrote, once",
                                 nm));
            if (sh.sh_type == SHT_SYMTAB)
                symtab_ = i;
            else if (sh.sh_type == SHT_SYMTAB_SHNDX)
                fail("has an extended section index table (over 65,280 sections), which this "
                     "step does not extend");
            else if (nm == KPATCH_KLP_SEC_RELOCS)
                relocs_ = i;
            else if (nm == KPATCH_KLP_SEC_RELOC_NAMES)
                names_ = i;
            else if (nm == KPATCH_KLP_SEC_PATCH)
                patch_ = i;
        }
        for (size_t i = 1; i < n; ++i) {
            GElf_Shdr sh = header(i);
            if (sh.sh_type == SHT_RELA && relocs_ && sh.sh_info == relocs_)
                relocs_rela_ = i;
        }
        if (!patch_)
            fail(fmt::format("no {} section: not a livepatch-format patch module built from "
                             "kpatch-link --format klp output",
                             KPATCH_KLP_SEC_PATCH));
        if (!symtab_)
            fail("no symbol table");
        strtab_ = header(symtab_).sh_link;
    }

    // offset in the records section -> (symbol index, addend) of its relocation
    std::map<uint64_t, std::pair<size_t, int64_t>> dest_relocations() const
    {
        std::map<uint64_t, std::pair<size_t, int64_t>> out;
        if (!relocs_rela_)
            return out;
        Elf_Data *d = data(relocs_rela_);
        for (size_t i = 0; i < d->d_size / sizeof(Elf64_Rela); ++i) {
            GElf_Rela r;
            gelf_getrela(d, static_cast<int>(i), &r);
            if (GELF_R_TYPE(r.r_info) != R_X86_64_64)
                fail(fmt::format("{}+{:#x}: relocation type {} where R_X86_64_64 was written",
                                 KPATCH_KLP_SEC_RELOCS, r.r_offset, GELF_R_TYPE(r.r_info)));
            out[r.r_offset] = {GELF_R_SYM(r.r_info), r.r_addend};
        }
        return out;
    }

    std::string relname(uint32_t offset) const
    {
        Elf_Data *d = data(names_);
        const char *p = static_cast<const char *>(d->d_buf);
        if (offset >= d->d_size || !memchr(p + offset, 0, d->d_size - offset))
            fail(fmt::format("{}: name offset {:#x} is outside the section",
                             KPATCH_KLP_SEC_RELOC_NAMES, offset));
        return p + offset;
    }

    std::vector<Record> read_records() const
    {
        std::vector<Record> out;
        if (!relocs_)
            return out;  // ld -r drops an empty table: nothing to relocate
        if (!names_)
            fail(fmt::format("{} without {}", KPATCH_KLP_SEC_RELOCS, KPATCH_KLP_SEC_RELOC_NAMES));
        Elf_Data *d = data(relocs_);
        if (d->d_size % sizeof(kpatch_klp_reloc))
            fail(fmt::format("{}: size {} is not a multiple of {}", KPATCH_KLP_SEC_RELOCS,
                             d->d_size, sizeof(kpatch_klp_reloc)));
        auto dests = dest_relocations();
        Elf_Data *syms = data(symtab_);
        for (size_t i = 0; i < d->d_size / sizeof(kpatch_klp_reloc); ++i) {
            kpatch_klp_reloc raw;
            memcpy(&raw, static_cast<const char *>(d->d_buf) + i * sizeof raw, sizeof raw);
            uint64_t at = i * sizeof raw + offsetof(kpatch_klp_reloc, dest);
            auto dest = dests.find(at);
            if (dest == dests.end())
                fail(fmt::format("{}: record {} has no relocation for its field",
                                 KPATCH_KLP_SEC_RELOCS, i));
            GElf_Sym s;
            if (!gelf_getsym(syms, static_cast<int>(dest->second.first), &s))
                fail(fmt::format("{}: record {}: symbol {} is not in .symtab",
                                 KPATCH_KLP_SEC_RELOCS, i, dest->second.first));
            Record r;
            r.section = s.st_shndx;
            r.offset = s.st_value + dest->second.second;
            r.type = raw.type;
            r.addend = raw.addend;
            r.object = relname(raw.object);
            r.symbol = relname(raw.symbol);
            out.push_back(std::move(r));
        }
        return out;
    }

    // The kernel writes the field only if it is in a loaded section and
    // zero (6.1's x86 apply_relocate_add refuses anything else).
    void check_field(const Record &r) const
    {
        std::string where = fmt::format("relocation of {} at {:#x}", r.symbol, r.offset);
        size_t n;
        elf_getshdrnum(elf_, &n);
        if (r.section == SHN_UNDEF || r.section >= n)
            fail(where + ": the field is not in a section of the module");
        GElf_Shdr sh = header(r.section);
        where = fmt::format("{}: {}", name(r.section), where);
        if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS)
            fail(where + ": the section is not loaded with initial contents");
        size_t size = kpatch_klp_rela_width(r.type);
        if (!size)
            fail(fmt::format("{}: relocation type {} is not one x86's livepatch applies", where,
                             r.type));
        if (r.offset + size > sh.sh_size)
            fail(where + ": past the end of the section");
        const auto *field = static_cast<const unsigned char *>(data(r.section)->d_buf) + r.offset;
        for (size_t i = 0; i < size; ++i)
            if (field[i])
                fail(where + ": the field is not zero, and the kernel relocates only zero "
                             "fields; report this as a kpatch-link bug");
    }

    // Appends bytes to a section's data through a buffer this object owns.
    uint64_t append(size_t section, const void *bytes, size_t size)
    {
        Elf_Data *d = data(section);
        std::vector<char> &buf = buffers_.emplace_back(d->d_size + size);
        if (d->d_size)
            memcpy(buf.data(), d->d_buf, d->d_size);
        memcpy(buf.data() + d->d_size, bytes, size);
        uint64_t at = d->d_size;
        d->d_buf = buf.data();
        d->d_size = buf.size();
        elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
        return at;
    }

    uint64_t append_string(size_t section, const std::string &s)
    {
        return append(section, s.c_str(), s.size() + 1);
    }

    // The GLOBAL SHN_LIVEPATCH symbol named s, appended on first use.
    uint32_t livepatch_symbol(const std::string &s, FinishReport &report)
    {
        auto [it, fresh] = symbols_.try_emplace(s, 0);
        if (!fresh)
            return it->second;
        Elf64_Sym sym{};
        sym.st_name = static_cast<Elf64_Word>(append_string(strtab_, s));
        sym.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
        sym.st_shndx = KPATCH_SHN_LIVEPATCH;
        it->second = static_cast<uint32_t>(append(symtab_, &sym, sizeof sym) / sizeof sym);
        ++report.symbols;
        return it->second;
    }

    void write_relocations(const std::vector<Record> &records, FinishReport &report)
    {
        std::map<std::pair<std::string, size_t>, std::vector<Elf64_Rela>> sections;
        for (const Record &r : records) {
            Elf64_Rela rela{};
            rela.r_offset = r.offset;
            rela.r_info = ELF64_R_INFO(livepatch_symbol(r.symbol, report), r.type);
            rela.r_addend = r.addend;
            sections[{r.object, r.section}].push_back(rela);
            ++report.relocations;
        }
        for (auto &[key, relas] : sections)
            add_rela_section(fmt::format(".klp.rela.{}.{}", key.first, name(key.second)),
                             key.second, std::move(relas));
        report.sections = sections.size();
    }

    void add_rela_section(const std::string &section_name, size_t target,
                          std::vector<Elf64_Rela> relas)
    {
        GElf_Shdr sh{};
        sh.sh_name = static_cast<Elf64_Word>(append_string(shstrndx_, section_name));
        Elf_Scn *scn = elf_newscn(elf_);
        if (!scn)
            fail(fmt::format("cannot add {}: {}", section_name, elf_errmsg(-1)));
        std::vector<char> &buf = buffers_.emplace_back(relas.size() * sizeof(Elf64_Rela));
        memcpy(buf.data(), relas.data(), buf.size());
        Elf_Data *d = elf_newdata(scn);
        d->d_buf = buf.data();
        d->d_size = buf.size();
        d->d_type = ELF_T_RELA;
        d->d_align = 8;
        d->d_version = EV_CURRENT;
        sh.sh_type = SHT_RELA;
        sh.sh_flags = SHF_ALLOC | SHF_INFO_LINK | KPATCH_SHF_RELA_LIVEPATCH;
        sh.sh_link = static_cast<Elf64_Word>(symtab_);
        sh.sh_info = static_cast<Elf64_Word>(target);
        sh.sh_entsize = sizeof(Elf64_Rela);
        sh.sh_addralign = 8;
        if (!gelf_update_shdr(scn, &sh))
            fail(fmt::format("cannot add {}: {}", section_name, elf_errmsg(-1)));
    }

    std::string ko_;
    Elf *elf_ = nullptr;
    size_t shstrndx_ = 0, symtab_ = 0, strtab_ = 0;
    size_t relocs_ = 0, relocs_rela_ = 0, names_ = 0, patch_ = 0;
    std::map<std::string, uint32_t> symbols_;
    std::deque<std::vector<char>> buffers_;  // stable addresses until elf_update
};

// A copy beside the output, edited, then renamed over it.
class TempCopy {
public:
    TempCopy(const std::string &from, const std::string &to) : path_(to + ".klp-finish.tmp")
    {
        std::error_code ec;
        fs::copy_file(from, path_, fs::copy_options::overwrite_existing, ec);
        if (ec)
            throw Error(fmt::format("{}: cannot copy to {}: {}", from, path_, ec.message()));
        fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
        if (fd_ < 0)
            throw Error(fmt::format("{}: {}", path_, strerror(errno)));
    }
    ~TempCopy()
    {
        if (fd_ >= 0)
            ::close(fd_);
        if (!done_)
            ::unlink(path_.c_str());
    }
    TempCopy(const TempCopy &) = delete;
    TempCopy &operator=(const TempCopy &) = delete;

    int fd() const { return fd_; }

    void commit(const std::string &to)
    {
        if (::fsync(fd_) != 0 || ::close(fd_) != 0)
            throw Error(fmt::format("{}: {}", path_, strerror(errno)));
        fd_ = -1;
        if (::rename(path_.c_str(), to.c_str()) != 0)
            throw Error(fmt::format("{}: cannot rename to {}: {}", path_, to, strerror(errno)));
        done_ = true;
    }

private:
    std::string path_;
    int fd_ = -1;
    bool done_ = false;
};

}  // namespace

FinishReport finish_klp(const std::string &ko, const std::string &output)
{
    try {
        elf::check_output(output);
    } catch (const std::exception &e) {
        throw Error(e.what());
    }
    TempCopy copy(ko, output);
    FinishReport report;
    {
        Finisher f(ko, copy.fd());
        report = f.run();
    }
    copy.commit(output);
    return report;
}

}  // namespace kpatch::link
