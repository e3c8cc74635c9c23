// SPDX-License-Identifier: GPL-2.0
//
// read_object.cc - find kFingerprintSection in an ELF object with libelf
// and decode it.  Only reads; RAII owners close the file and the Elf
// handle on every path, including exceptions.
#include "kpatch/fingerprint.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace kpatch::fp {
namespace {

struct Fd {
    int fd;
    ~Fd() { if (fd >= 0) close(fd); }
};

struct ElfHandle {
    Elf *elf;
    ~ElfHandle() { if (elf) elf_end(elf); }
};

[[noreturn]] void elf_fail(const std::string &path, std::string_view what)
{
    throw Error(fmt::format("{}: {}: {}", path, what, elf_errmsg(-1)));
}

}  // namespace

std::vector<TranslationUnit> read_object(const std::string &path)
{
    if (elf_version(EV_CURRENT) == EV_NONE)
        elf_fail(path, "libelf initialisation failed");
    Fd fd{open(path.c_str(), O_RDONLY)};
    if (fd.fd < 0)
        throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    ElfHandle elf{elf_begin(fd.fd, ELF_C_READ, nullptr)};
    if (!elf.elf || elf_kind(elf.elf) != ELF_K_ELF)
        throw Error(fmt::format("{}: not an ELF object", path));
    size_t shstrndx;
    if (elf_getshdrstrndx(elf.elf, &shstrndx) != 0)
        elf_fail(path, "cannot read the section name table");

    for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf.elf, scn));) {
        GElf_Shdr shdr;
        if (!gelf_getshdr(scn, &shdr))
            elf_fail(path, "cannot read a section header");
        const char *name = elf_strptr(elf.elf, shstrndx, shdr.sh_name);
        if (!name || kFingerprintSection != name)
            continue;
        Elf_Data *data = elf_getdata(scn, nullptr);
        if (!data || !data->d_buf)
            elf_fail(path, fmt::format("cannot read section {}", kFingerprintSection));
        try {
            return decode_all({static_cast<const uint8_t *>(data->d_buf), data->d_size});
        } catch (const Error &e) {
            throw Error(fmt::format("{}: {}", path, e.what()));
        }
    }
    throw Error(fmt::format("{}: no {} section: compile it with -fplugin=kpatch.so", path,
                            kFingerprintSection));
}

}  // namespace kpatch::fp
