// SPDX-License-Identifier: GPL-2.0
//
// ko_file.cc - see ko_file.h.  A .ko is a relocatable object: every u64
// "pointer" of the ABI structures is 0 in the section bytes and carried by
// an R_X86_64_64 relocation (symbol + addend).  Ref resolves those, so
// the structures can be walked without loading the module: the kpatch
// ABI's (abi.h) and the livepatch format's (klp.h).  The ELF parsing and
// its bounds checks are lib/elf's.
#include "ko_file.h"

#include <kpatch/abi.h>
#include <kpatch/klp.h>

#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "elf/files.h"
#include "elf/object.h"

namespace kpatch::cli {
namespace {

constexpr uint64_t kMaxString = 512;

// A place in the file: section index (0: null) and offset.
struct Ref {
    uint32_t section = 0;
    uint64_t offset = 0;
    explicit operator bool() const { return section != 0; }
};

Ref plus(Ref r, uint64_t off) { return r ? Ref{r.section, r.offset + off} : r; }

// An elf::Object plus the pointer fields its R_X86_64_64 relocations fill.
class KoObject {
public:
    explicit KoObject(elf::Object obj) : obj_(std::move(obj))
    {
        for (const elf::Section &sec : obj_.sections())
            for (const elf::Rela &r : sec.relas) {
                const elf::Symbol &sym = obj_.symbol(r.symbol);
                if (r.type == R_X86_64_64 && sym.is_defined())
                    pointers_[{sec.index, r.offset}] =
                        Ref{sym.shndx, sym.value + static_cast<uint64_t>(r.addend)};
            }
    }

    uint32_t section(std::string_view name) const
    {
        const elf::Section *s = obj_.find_section_by_name(name);
        return s ? s->index : 0;
    }

    std::span<const uint8_t> data(uint32_t index) const { return obj_.section(index).data; }

    template <typename T>
    T read(Ref at) const
    {
        T v{};
        auto d = data(at.section);
        if (at.offset > d.size() || sizeof(T) > d.size() - at.offset)
            throw std::runtime_error(fmt::format("{}: section {} too short at offset {:#x}",
                                                 path(), obj_.section(at.section).name,
                                                 at.offset));
        memcpy(&v, d.data() + at.offset, sizeof(T));
        return v;
    }

    // The pointer field stored at `at`, through its relocation.
    Ref pointer(Ref at) const
    {
        auto it = pointers_.find({at.section, at.offset});
        return it == pointers_.end() ? Ref{} : it->second;
    }

    // The NUL-terminated string at `at`, cut at the end of its section
    // and at kMaxString: a symbol name is at most KSYM_NAME_LEN (512), and
    // a corrupt module must not make each of its entries copy megabytes.
    std::string string(Ref at) const
    {
        if (!at)
            return {};
        auto d = data(at.section);
        if (at.offset >= d.size())
            return {};
        const char *s = reinterpret_cast<const char *>(d.data() + at.offset);
        return std::string(s, strnlen(s, std::min<uint64_t>(d.size() - at.offset, kMaxString)));
    }

    // How many T fit in at's section from at on.
    template <typename T>
    uint64_t fits(Ref at) const
    {
        auto d = data(at.section);
        return at.offset > d.size() ? 0 : (d.size() - at.offset) / sizeof(T);
    }

    const std::string &path() const { return obj_.path(); }

private:
    elf::Object obj_;
    std::map<std::pair<uint32_t, uint64_t>, Ref> pointers_;
};

void read_modinfo(const KoObject &o, KoInfo &info)
{
    uint32_t s = o.section(".modinfo");
    if (!s)
        return;
    auto d = o.data(s);
    std::string_view all(reinterpret_cast<const char *>(d.data()), d.size());
    for (size_t pos = 0; pos < all.size();) {
        size_t end = all.find('\0', pos);
        std::string_view kv = all.substr(pos, end == std::string_view::npos ? end : end - pos);
        pos = end == std::string_view::npos ? all.size() : end + 1;
        auto eq = kv.find('=');
        if (eq == std::string_view::npos)
            continue;
        std::string_view k = kv.substr(0, eq), v = kv.substr(eq + 1);
        if (k == "name")
            info.name = v;
        else if (k == "vermagic")
            info.vermagic = v;
        else if (k == "description")
            info.description = v;
        else if (k == "livepatch" && v == "Y")
            info.kind = PatchKind::livepatch;
    }
}

PatchedFunction read_function(const KoObject &o, Ref f)
{
    PatchedFunction pf;
    pf.new_size = o.read<uint64_t>(plus(f, offsetof(kpatch_func, new_size)));
    pf.flags = o.read<uint32_t>(plus(f, offsetof(kpatch_func, flags)));
    if (Ref sym = o.pointer(plus(f, offsetof(kpatch_func, symbol)))) {
        pf.name = o.string(o.pointer(plus(sym, offsetof(kpatch_symbol, name))));
        pf.object = o.string(o.pointer(plus(sym, offsetof(kpatch_symbol, objname))));
        pf.old_size = o.read<uint64_t>(plus(sym, offsetof(kpatch_symbol, size)));
    }
    return pf;
}

void read_patch(const KoObject &o, KoInfo &info)
{
    uint32_t s = o.section(KPATCH_SEC_PATCH);
    if (!s)
        return;
    Ref root{s, 0};
    if (o.read<uint64_t>(root) != KPATCH_MAGIC)
        throw std::runtime_error(fmt::format("{}: {} does not start with the kpatch magic",
                                             o.path(), KPATCH_SEC_PATCH));
    info.kind = PatchKind::kpatch;
    info.abi_version = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, abi_version)));
    info.patch_flags = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, flags)));
    info.kernel_release = o.string(o.pointer(plus(root, offsetof(kpatch_patch, kernel_release))));
    info.nr_dynrelas = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, nr_dynrelas)));
    info.nr_hooks = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, nr_hooks)));
    uint32_t nr_funcs = o.read<uint32_t>(plus(root, offsetof(kpatch_patch, nr_funcs)));
    Ref funcs = o.pointer(plus(root, offsetof(kpatch_patch, funcs)));
    if (funcs && nr_funcs > o.fits<kpatch_func>(funcs))
        throw std::runtime_error(fmt::format("{}: {} says {} functions, its section holds {}: "
                                             "the module is corrupt", o.path(), KPATCH_SEC_PATCH,
                                             nr_funcs, o.fits<kpatch_func>(funcs)));
    for (uint32_t i = 0; i < nr_funcs && funcs; ++i)
        info.functions.push_back(read_function(o, plus(funcs, i * sizeof(kpatch_func))));
}

PatchedFunction read_klp_function(const KoObject &o, Ref f)
{
    PatchedFunction pf;
    pf.name = o.string(o.pointer(plus(f, offsetof(kpatch_klp_func, old_name))));
    pf.object = o.string(o.pointer(plus(f, offsetof(kpatch_klp_func, objname))));
    pf.sympos = o.read<uint64_t>(plus(f, offsetof(kpatch_klp_func, sympos)));
    return pf;
}

// The tables kpatch-link writes for kmod/patch/livepatch-patch.c: the
// root at the start of its section, as klp_emit.cc lays it out.
void read_klp_patch(const KoObject &o, KoInfo &info)
{
    uint32_t s = o.section(KPATCH_KLP_SEC_PATCH);
    if (!s)
        return;
    Ref root{s, 0};
    if (o.read<uint64_t>(root) != KPATCH_KLP_MAGIC)
        throw std::runtime_error(fmt::format("{}: {} does not start with the livepatch-format "
                                             "magic", o.path(), KPATCH_KLP_SEC_PATCH));
    info.kind = PatchKind::livepatch;
    info.klp_table = true;
    info.abi_version = o.read<uint32_t>(plus(root, offsetof(kpatch_klp_patch, version)));
    info.patch_flags = o.read<uint32_t>(plus(root, offsetof(kpatch_klp_patch, flags)));
    info.kernel_release =
        o.string(o.pointer(plus(root, offsetof(kpatch_klp_patch, kernel_release))));
    info.nr_hooks = o.read<uint32_t>(plus(root, offsetof(kpatch_klp_patch, nr_hooks)));
    uint32_t nr_funcs = o.read<uint32_t>(plus(root, offsetof(kpatch_klp_patch, nr_funcs)));
    Ref funcs = o.pointer(plus(root, offsetof(kpatch_klp_patch, funcs)));
    if (funcs && nr_funcs > o.fits<kpatch_klp_func>(funcs))
        throw std::runtime_error(fmt::format("{}: {} says {} functions, {} holds {}: the module "
                                             "is corrupt", o.path(), KPATCH_KLP_SEC_PATCH,
                                             nr_funcs, KPATCH_KLP_SEC_FUNCS,
                                             o.fits<kpatch_klp_func>(funcs)));
    for (uint32_t i = 0; i < nr_funcs && funcs; ++i)
        info.functions.push_back(read_klp_function(o, plus(funcs, i * sizeof(kpatch_klp_func))));
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

KoInfo parse_ko(std::string name, std::vector<uint8_t> bytes)
{
    KoObject o(elf::Object::from_bytes(name, std::move(bytes)));
    KoInfo info;
    info.path = std::move(name);
    read_modinfo(o, info);
    read_patch(o, info);
    read_klp_patch(o, info);
    return info;
}

KoInfo read_ko(const std::string &path)
{
    KoInfo info = parse_ko(path, elf::read_input(path));
    info.signed_module = has_signature(path);
    return info;
}

std::string vermagic_release(const std::string &vermagic)
{
    return vermagic.substr(0, vermagic.find(' '));
}

}  // namespace kpatch::cli
