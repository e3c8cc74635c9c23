// SPDX-License-Identifier: GPL-2.0
//
// kernel_image.cc - decompress a vmlinuz into a cache, map its ELF
// segments, decode its kallsyms (kernel_image.h).
#include "kernel_image.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/core.h>

#include "elf/files.h"
#include "kallsyms_tables.h"
#include "link.h"

extern char **environ;

namespace kpatch::link {
namespace fs = std::filesystem;
namespace {

// The x86 boot protocol's setup header (Documentation/x86/boot.rst).
constexpr size_t kSetupSects = 0x1f1, kHeaderMagic = 0x202, kVersion = 0x206,
                 kPayloadOffset = 0x248, kPayloadLength = 0x24c;

template <typename T> T read_le(const std::vector<uint8_t> &b, size_t off)
{
    T v{};
    std::memcpy(&v, b.data() + off, sizeof(T));
    return v;
}

// The compressed vmlinux inside a bzImage: [offset, offset + length).
std::pair<size_t, size_t> payload_of(const std::string &path, const std::vector<uint8_t> &b)
{
    if (b.size() < 0x250 || std::memcmp(b.data() + kHeaderMagic, "HdrS", 4) != 0 ||
        read_le<uint16_t>(b, kVersion) < 0x208)
        throw Error(fmt::format("{}: not a bzImage with boot protocol 2.08 or later; pass the "
                                "stock /boot/vmlinuz-RELEASE",
                                path));
    size_t setup = (b[kSetupSects] ? b[kSetupSects] : 4) + 1;
    size_t off = setup * 512 + read_le<uint32_t>(b, kPayloadOffset);
    size_t len = read_le<uint32_t>(b, kPayloadLength);
    if (off > b.size() || len > b.size() - off)
        throw Error(fmt::format("{}: the boot header's payload lies outside the file", path));
    return {off, len};
}

// The decompressor for the payload's magic, as scripts/extract-vmlinux tries them.
std::vector<std::string> decompressor_for(const std::string &path, const uint8_t *p, size_t n)
{
    auto is = [&](std::initializer_list<uint8_t> magic) {
        return n >= magic.size() && std::equal(magic.begin(), magic.end(), p);
    };
    if (is({0xfd, '7', 'z', 'X', 'Z', 0x00}))
        return {"xz", "-dc", "--single-stream"};
    if (is({0x28, 0xb5, 0x2f, 0xfd}))
        return {"zstd", "-dcq"};
    if (is({0x1f, 0x8b}))
        return {"gzip", "-dcq"};
    throw Error(fmt::format("{}: compressed with a method other than xz, zstd or gzip; "
                            "decompress it with scripts/extract-vmlinux and pass the ELF",
                            path));
}

// Runs argv with stdin from `in` and stdout to `out`; its exit status.
int run_filter(const std::vector<std::string> &argv, const std::string &in, const std::string &out)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid;
    int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err)
        return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool is_elf(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    char magic[4] = {};
    return f.read(magic, 4) && std::memcmp(magic, ELFMAG, SELFMAG) == 0;
}

// The cached ELF of vmlinuz, keyed by its name, size and mtime.
std::string cached_elf(const std::string &vmlinuz, const std::string &cache_dir)
{
    struct stat st {};
    if (stat(vmlinuz.c_str(), &st) != 0)
        throw Error(fmt::format("{}: {}; install the stock kernel image package", vmlinuz,
                                std::strerror(errno)));
    fs::path dir = fs::path(cache_dir) / "vmlinux";
    fs::path out = dir / fmt::format("{}-{}-{}", fs::path(vmlinuz).filename().string(), st.st_size,
                                     st.st_mtime);
    if (fs::exists(out))
        return out;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(fmt::format("{}: cannot create the cache directory: {}; set XDG_CACHE_HOME",
                                dir.string(), ec.message()));
    std::vector<uint8_t> image = elf::read_input(vmlinuz);
    auto [off, len] = payload_of(vmlinuz, image);
    std::string payload = fmt::format("{}.payload.{}", out.string(), getpid());
    std::string tmp = fmt::format("{}.tmp.{}", out.string(), getpid());
    std::ofstream(payload, std::ios::binary)
        .write(reinterpret_cast<const char *>(image.data() + off), static_cast<std::streamsize>(len));
    std::vector<std::string> argv = decompressor_for(vmlinuz, image.data() + off, len);
    // Like extract-vmlinux, judge by the output: trailing bytes after the
    // stream (the appended size) make some decompressors complain.
    int status = run_filter(argv, payload, tmp);
    fs::remove(payload, ec);
    if (!is_elf(tmp)) {
        fs::remove(tmp, ec);
        throw Error(fmt::format("{}: '{}' did not give an ELF vmlinux (exit {}); is {} installed?",
                                vmlinuz, argv[0], status, argv[0]));
    }
    fs::rename(tmp, out, ec);
    if (ec)
        throw Error(fmt::format("{}: cannot store the decompressed image: {}; set XDG_CACHE_HOME",
                                out.string(), ec.message()));
    return out;
}

}  // namespace

std::string default_cache_dir()
{
    if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return fmt::format("{}/kpatch", x);
    if (const char *h = std::getenv("HOME"); h && *h)
        return fmt::format("{}/.cache/kpatch", h);
    throw Error("neither XDG_CACHE_HOME nor HOME is set: no cache directory for the kernel image");
}

KernelImage KernelImage::open(const std::string &vmlinuz, const std::string &cache_dir)
{
    KernelImage k = from_elf(cached_elf(vmlinuz, cache_dir));
    return k;
}

KernelImage KernelImage::from_elf(const std::string &vmlinux)
{
    KernelImage k;
    k.path_ = vmlinux;
    k.bytes_ = elf::read_input(vmlinux);
    k.parse_elf();
    k.decode_kallsyms();
    return k;
}

void KernelImage::parse_elf()
{
    elf_version(EV_CURRENT);
    Elf *e = elf_memory(reinterpret_cast<char *>(bytes_.data()), bytes_.size());
    GElf_Ehdr eh;
    if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh) || eh.e_machine != EM_X86_64 ||
        eh.e_ident[EI_CLASS] != ELFCLASS64) {
        if (e)
            elf_end(e);
        throw Error(fmt::format("{}: not an x86-64 ELF vmlinux", path_));
    }
    size_t nph = 0;
    elf_getphdrnum(e, &nph);
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(e, static_cast<int>(i), &ph) && ph.p_type == PT_LOAD &&
            ph.p_offset <= bytes_.size() && ph.p_filesz <= bytes_.size() - ph.p_offset)
            segments_.push_back({ph.p_vaddr, ph.p_offset, ph.p_filesz});
    }
    size_t shstrndx = 0;
    elf_getshdrstrndx(e, &shstrndx);
    for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(e, scn));) {
        GElf_Shdr sh;
        const char *name = gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : nullptr;
        if (name && std::strcmp(name, ".rodata") == 0 && sh.sh_type == SHT_PROGBITS &&
            sh.sh_offset <= bytes_.size() && sh.sh_size <= bytes_.size() - sh.sh_offset)
            rodata_.push_back({sh.sh_addr, sh.sh_offset, sh.sh_size});
    }
    elf_end(e);
    if (rodata_.empty())
        rodata_ = segments_;
}

void KernelImage::decode_kallsyms()
{
    for (const Segment &s : rodata_) {
        auto found = decode_kallsyms_tables({bytes_.data() + s.offset, s.filesz});
        if (found) {
            kallsyms_ = std::move(*found);
            return;
        }
    }
    throw Error(fmt::format("{}: no kallsyms tables found in .rodata (a kernel without "
                            "CONFIG_KALLSYMS_ALL, or not a 6.1 x86-64 image)",
                            path_));
}

std::optional<std::span<const uint8_t>> KernelImage::bytes_at(uint64_t addr, uint64_t n) const
{
    for (const Segment &s : segments_)
        if (addr >= s.vaddr && addr - s.vaddr <= s.filesz && n <= s.filesz - (addr - s.vaddr))
            return std::span<const uint8_t>(bytes_.data() + s.offset + (addr - s.vaddr), n);
    return std::nullopt;
}

}  // namespace kpatch::link
