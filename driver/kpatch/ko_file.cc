// SPDX-License-Identifier: GPL-2.0
//
// ko_file.cc - see ko_file.h.  A .ko is a relocatable object: every u64
// "pointer" of the ABI structures is 0 in the section bytes and carried by
// an R_X86_64_64 relocation (symbol + addend).  Ref resolves those, so
// the structures can be walked without loading the module.
#include "ko_file.h"

#include <kpatch/abi.h>

#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>

#include <cstring>
#include <fcntl.h>
#include <map>
#include <memory>
#include <stdexcept>
#include <unistd.h>

namespace kpatch::cli {
namespace {

struct Ref {
    size_t section = 0;  // 0: null
    uint64_t offset = 0;
    explicit operator bool() const { return section != 0; }
};

class Object {
public:
    explicit Object(const std::string &path) : path_(path)
    {
        elf_version(EV_CURRENT);
        fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0)
            throw std::runtime_error(fmt::format("{}: {}", path, strerror(errno)));
        elf_ = elf_begin(fd_, ELF_C_READ, nullptr);
        if (!elf_ || elf_kind(elf_) != ELF_K_ELF)
            throw std::runtime_error(fmt::format("{}: not an ELF file", path));
        if (elf_getshdrstrndx(elf_, &shstrndx_) != 0)
            throw std::runtime_error(fmt::format("{}: no section names", path));
        load_relocations();
    }
    ~Object()
    {
        if (elf_)
            elf_end(elf_);
        if (fd_ >= 0)
            close(fd_);
    }
    Object(const Object &) = delete;
    Object &operator=(const Object &) = delete;

    size_t section(const char *name) const
    {
        for (Elf_Scn *s = nullptr; (s = elf_nextscn(elf_, s));) {
            GElf_Shdr sh;
            gelf_getshdr(s, &sh);
            const char *n = elf_strptr(elf_, shstrndx_, sh.sh_name);
            if (n && !strcmp(n, name))
                return elf_ndxscn(s);
        }
        return 0;
    }

    std::string_view data(size_t index) const
    {
        Elf_Data *d = elf_getdata(elf_getscn(elf_, index), nullptr);
        if (!d || !d->d_buf)
            return {};
        return {static_cast<const char *>(d->d_buf), d->d_size};
    }

    template <typename T>
    T read(Ref at) const
    {
        T v{};
        auto d = data(at.section);
        if (at.offset + sizeof(T) > d.size())
            throw std::runtime_error(fmt::format("{}: section {} too short at offset {:#x}",
                                                 path_, at.section, at.offset));
        memcpy(&v, d.data() + at.offset, sizeof(T));
        return v;
    }

    // The pointer field stored at `at`, through its relocation.
    Ref pointer(Ref at) const
    {
        auto it = relocs_.find({at.section, at.offset});
        return it == relocs_.end() ? Ref{} : it->second;
    }

    std::string string(Ref at) const
    {
        if (!at)
            return {};
        auto d = data(at.section);
        if (at.offset >= d.size())
            return {};
        return std::string(d.data() + at.offset);
    }

    const std::string &path() const { return path_; }

private:
    void load_relocations()
    {
        for (Elf_Scn *s = nullptr; (s = elf_nextscn(elf_, s));) {
            GElf_Shdr sh;
            gelf_getshdr(s, &sh);
            if (sh.sh_type != SHT_RELA)
                continue;
            Elf_Data *d = elf_getdata(s, nullptr);
            Elf_Data *syms = elf_getdata(elf_getscn(elf_, sh.sh_link), nullptr);
            size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
            for (size_t i = 0; i < n; ++i) {
                GElf_Rela r;
                GElf_Sym sym;
                if (!gelf_getrela(d, static_cast<int>(i), &r) ||
                    !gelf_getsym(syms, static_cast<int>(GELF_R_SYM(r.r_info)), &sym))
                    continue;
                if (GELF_R_TYPE(r.r_info) != R_X86_64_64 || sym.st_shndx == SHN_UNDEF ||
                    sym.st_shndx >= SHN_LORESERVE)
                    continue;
                relocs_[{sh.sh_info, r.r_offset}] =
                    Ref{sym.st_shndx, sym.st_value + static_cast<uint64_t>(r.r_addend)};
            }
        }
    }

    std::string path_;
    int fd_ = -1;
    Elf *elf_ = nullptr;
    size_t shstrndx_ = 0;
    std::map<std::pair<size_t, uint64_t>, Ref> relocs_;
};

Ref plus(Ref r, uint64_t off) { return r ? Ref{r.section, r.offset + off} : r; }

void read_modinfo(const Object &o, KoInfo &info)
{
    size_t s = o.section(".modinfo");
    auto d = o.data(s);
    for (size_t pos = 0; pos < d.size();) {
        std::string kv(d.data() + pos);
        pos += kv.size() + 1;
        auto eq = kv.find('=');
        if (eq == std::string::npos)
            continue;
        std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
        if (k == "name")
            info.name = v;
        else if (k == "vermagic")
            info.vermagic = v;
        else if (k == "description")
            info.description = v;
    }
}

void read_patch(const Object &o, KoInfo &info)
{
    size_t s = o.section(KPATCH_SEC_PATCH);
    if (!s)
        return;
    Ref root{s, 0};
    if (o.read<uint64_t>(root) != KPATCH_MAGIC)
        throw std::runtime_error(fmt::format("{}: {} does not start with the kpatch magic",
                                             o.path(), KPATCH_SEC_PATCH));
    info.is_patch = true;
    info.abi_version = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, abi_version)));
    info.patch_flags = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, flags)));
    info.kernel_release = o.string(o.pointer(plus(root, offsetof(kpatch_patch, kernel_release))));
    info.nr_dynrelas = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, nr_dynrelas)));
    info.nr_hooks = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, nr_hooks)));
    uint32_t nr_funcs = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, nr_funcs)));
    Ref funcs = o.pointer(plus(root, offsetof(kpatch_patch, funcs)));
    for (uint32_t i = 0; i < nr_funcs && funcs; ++i) {
        Ref f = plus(funcs, i * sizeof(kpatch_func));
        Ref sym = o.pointer(plus(f, offsetof(kpatch_func, symbol)));
        PatchedFunction pf;
        pf.new_size = o.read<uint64_t>(plus(f, offsetof(kpatch_func, new_size)));
        pf.flags = o.read<uint32_t>(plus(f, offsetof(kpatch_func, flags)));
        if (sym) {
            pf.name = o.string(o.pointer(plus(sym, offsetof(kpatch_symbol, name))));
            pf.object = o.string(o.pointer(plus(sym, offsetof(kpatch_symbol, objname))));
            pf.old_size = o.read<uint64_t>(plus(sym, offsetof(kpatch_symbol, size)));
        }
        info.functions.push_back(pf);
    }
}

bool has_signature(const std::string &path)
{
    static const char marker[] = "~Module signature appended~\n";
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[sizeof(marker) - 1];
    off_t end = lseek(fd, 0, SEEK_END);
    bool ok = end > static_cast<off_t>(sizeof(buf)) &&
              pread(fd, buf, sizeof(buf), end - static_cast<off_t>(sizeof(buf))) ==
                  static_cast<ssize_t>(sizeof(buf)) &&
              !memcmp(buf, marker, sizeof(buf));
    close(fd);
    return ok;
}

}  // namespace

KoInfo read_ko(const std::string &path)
{
    Object o(path);
    KoInfo info;
    info.path = path;
    read_modinfo(o, info);
    read_patch(o, info);
    info.signed_module = has_signature(path);
    return info;
}

std::string vermagic_release(const std::string &vermagic)
{
    return vermagic.substr(0, vermagic.find(' '));
}

}  // namespace kpatch::cli
