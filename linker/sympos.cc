// SPDX-License-Identifier: GPL-2.0
//
// sympos.cc - which occurrence of a name a KSymbol is, by kpatch.ko's
// rules, and its livepatch position (sympos.h).
//
// vmlinux: livepatch walks kallsyms_on_each_symbol() (kernel/kallsyms.c),
// which expands entry 0 to kallsyms_num_syms - 1: kallsyms index order,
// and klp_find_callback() counts the entries of the wanted name as they
// come.  That order is what scripts/kallsyms (6.1) wrote: it reads the
// output of scripts/mksysmap, the System.map format, and sorts it by
// address; equal addresses are ordered by weakness, "linker provided"
// names, leading underscores and finally input order (compare_symbols()).
// Two entries of one name differ in none of those but the address and the
// input order, and link-vmlinux.sh checks that System.map equals that
// input (cmp System.map .tmp_vmlinux.kallsymsN.syms).  So among the
// entries of one name, System.map's order is the kallsyms order, and so
// is the order of the tables decoded from the image (kernel_image.h),
// which are kallsyms itself.  A System.map has some entries kallsyms
// drops (scripts/kallsyms' ignored names), which can shift kpatch.ko's
// 64-name anchor window slightly: the image is the exact source.
#include "sympos.h"

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include <kpatch/module_name.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "kernel_image.h"
#include "link.h"

namespace kpatch::link {
namespace fs = std::filesystem;
namespace {

constexpr size_t kWindow = 64;   // KP_WINDOW of kmod/core/resolve.c
constexpr int kMaxRefDepth = 4;  // a reference site's function may itself have one

// kp_back_ok(): anchors before anchor_self, newest first, among the
// kWindow names streamed before position p.
bool back_ok(const ObjectSymbols &s, size_t p, const KSymbol &k)
{
    int want = static_cast<int>(k.anchor_self) - 1;
    for (size_t d = 1; d <= kWindow && d <= p && want >= 0; d++)
        if (s.names[s.stream[p - d]] == k.anchors[want])
            want--;
    return want < 0;
}

// kp_advance_pending(): the anchors after anchor_self, in order, among
// the kWindow names streamed after position p.
bool forward_ok(const ObjectSymbols &s, size_t p, const KSymbol &k)
{
    size_t next = k.anchor_self + 1;
    for (size_t d = 1; d <= kWindow && p + d < s.stream.size() && next < k.anchors.size(); d++)
        if (s.names[s.stream[p + d]] == k.anchors[next])
            next++;
    return next >= k.anchors.size();
}

std::vector<uint32_t> occurrences(const ObjectSymbols &s, const std::string &name)
{
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < s.names.size(); i++)
        if (s.names[i] == name)
            out.push_back(i);
    return out;
}

std::vector<uint32_t> anchored(const ObjectSymbols &s, const KSymbol &k,
                               const std::vector<uint32_t> &cands)
{
    if (k.anchors.empty())
        return cands;
    std::vector<uint32_t> at(s.names.size());
    for (uint32_t p = 0; p < s.stream.size(); p++)
        at[s.stream[p]] = p;
    std::vector<uint32_t> out;
    for (uint32_t c : cands)
        if (back_ok(s, at[c], k) && forward_ok(s, at[c], k))
            out.push_back(c);
    return out;
}

std::string describe_anchors(const KSymbol &k)
{
    if (k.anchors.empty())
        return "no anchors";
    std::vector<std::string> shown;
    for (size_t i = 0; i < k.anchors.size(); i++)
        shown.push_back(i == k.anchor_self ? fmt::format("[{}]", k.anchors[i]) : k.anchors[i]);
    return fmt::format("anchors {}", fmt::join(shown, " "));
}

std::string describe_addrs(const ObjectSymbols &s, const std::vector<uint32_t> &idx)
{
    std::vector<std::string> shown;
    for (size_t i = 0; i < idx.size() && i < 8; i++)
        shown.push_back(fmt::format("#{} at {:#x}", idx[i], s.addrs[idx[i]]));
    if (idx.size() > 8)
        shown.push_back(fmt::format("and {} more", idx.size() - 8));
    return fmt::format("{}", fmt::join(shown, ", "));
}

[[noreturn]] void refuse(const ObjectSymbols &s, const KSymbol &k, const std::string &what,
                         const std::string &todo)
{
    // The object in the symbol's place, where a section would be: the
    // positions are per object.
    throw Error(Diagnostic{.file = s.source,
                           .what = fmt::format("'{}' ({}): {}", k.name, k.object, what),
                           .todo = todo});
}

uint32_t position_among(const std::vector<std::string> &names, const std::string &name,
                        uint32_t at)
{
    uint32_t count = 0, rank = 0;
    for (uint32_t i = 0; i < names.size(); i++)
        if (names[i] == name) {
            count++;
            if (i <= at)
                rank++;
        }
    return count == 1 ? 0 : rank;
}

// A module's symbol must have one position whether livepatch resolves it
// while the module loads (whole symtab) or once it is live (kept symbols).
void check_loading_position(const ObjectSymbols &s, const KSymbol &k, const Choice &c)
{
    if (s.loading_index.empty())
        return;
    uint32_t loading = position_among(s.loading_names, k.name, s.loading_index[c.index]);
    if (loading != c.pos)
        refuse(s, k,
               fmt::format("position {} once the module is live but {} while it loads (an init "
                           "or non-allocated symbol has the same name)",
                           c.pos, loading),
               "livepatch resolves it at either time: rename the static in the patch, or use the "
               "kpatch format");
}

}  // namespace

Choice choose(const ObjectSymbols &s, const KSymbol &k, std::optional<uint64_t> ref_target)
{
    std::vector<uint32_t> cands = occurrences(s, k.name);
    if (cands.empty())
        refuse(s, k, "not among the object's kallsyms",
               "the patch was built for other code: check the kernel release and the module");
    std::optional<uint32_t> chosen;
    if (ref_target)
        for (uint32_t c : cands)
            if (s.addrs[c] == *ref_target)
                chosen = c;
    std::vector<uint32_t> ok;
    if (!chosen) {
        ok = anchored(s, k, cands);
        if (ok.size() == 1)
            chosen = ok[0];
    }
    if (!chosen && ok.empty())
        refuse(s, k,
               fmt::format("none of its {} occurrences ({}) has the {}", cands.size(),
                           describe_addrs(s, cands), describe_anchors(k)),
               "the original objects differ from the stock kernel: rebuild against its exact "
               "source and configuration");
    if (!chosen)
        refuse(s, k,
               fmt::format("{} of its {} occurrences ({}) have the {}{}", ok.size(), cands.size(),
                           describe_addrs(s, ok), describe_anchors(k),
                           k.ref ? " and its reference site could not be read" : ""),
               k.ref ? "give the stock image (/boot/vmlinuz-RELEASE) so the reference site is "
                       "read, or make the patch use a static of its own"
                     : "livepatch cannot be told which: make the patch use a static of its own, "
                       "or use the kpatch format");
    Choice c{*chosen, 0};
    if (cands.size() > 1)
        c.pos = static_cast<uint32_t>(std::find(cands.begin(), cands.end(), *chosen) -
                                      cands.begin()) +
                1;
    check_loading_position(s, k, c);
    return c;
}

struct Sympos::Loaded {
    struct Module {
        elf::Object ko;
        ModuleSymbols m;
    };
    std::optional<ObjectSymbols> vmlinux;
    std::optional<KernelImage> image;
    std::map<std::string, std::unique_ptr<Module>> modules;
};

Sympos::Sympos(SymbolSources s) : sources_(std::move(s)), loaded_(std::make_unique<Loaded>()) {}
Sympos::~Sympos() = default;

uint32_t Sympos::position(const Model &model, uint32_t i)
{
    return resolve(model, i, 0).pos;
}

Choice Sympos::resolve(const Model &model, uint32_t i, int depth)
{
    const KSymbol &k = model.ksyms.at(i);
    const ObjectSymbols &syms = symbols_of(k.object);
    std::optional<uint64_t> ref;
    if (k.ref && depth < kMaxRefDepth)
        ref = ref_target(model, k, depth);
    return choose(syms, k, ref);
}

const ObjectSymbols &Sympos::symbols_of(const std::string &object)
{
    Loaded &l = *loaded_;
    if (object == "vmlinux") {
        if (l.vmlinux)
            return *l.vmlinux;
        std::vector<KallsymsEntry> map;
        if (!sources_.system_map.empty() && read_system_map(sources_.system_map, map)) {
            l.vmlinux = vmlinux_symbols(map, sources_.system_map);
        } else if (!sources_.image.empty()) {
            l.image = KernelImage::open(sources_.image, sources_.cache_dir.empty()
                                                            ? default_cache_dir()
                                                            : sources_.cache_dir);
            l.vmlinux = vmlinux_symbols(l.image->kallsyms(), sources_.image);
        } else {
            throw Error(fmt::format("vmlinux: no symbol source ({}): give /boot/vmlinuz-RELEASE, "
                                    "whose kallsyms tables are read (Debian's System.map is a "
                                    "placeholder)",
                                    sources_.system_map.empty() ? "no System.map"
                                                                : sources_.system_map));
        }
        return *l.vmlinux;
    }
    auto it = l.modules.find(object);
    if (it != l.modules.end())
        return it->second->m.syms;
    auto src = sources_.modules.find(object);
    if (src == sources_.modules.end() && !sources_.release.empty())
        src = sources_.modules
                  .emplace(object, stock_module_path(sources_.release, object,
                                                     sources_.modules_root))
                  .first;
    if (src == sources_.modules.end())
        throw Error(fmt::format("module '{}': no stock .ko given to compute livepatch positions; "
                                "pass /lib/modules/RELEASE/kernel/.../{}.ko",
                                object, object));
    std::unique_ptr<Loaded::Module> mod;
    try {
        mod = std::make_unique<Loaded::Module>(Loaded::Module{elf::Object::open(src->second), {}});
    } catch (const Error &e) {
        throw e.with_todo(fmt::format("pass the stock .ko of module '{}' of the target release",
                                      object));
    }
    mod->m = module_symbols(mod->ko, object);
    return l.modules.emplace(object, std::move(mod)).first->second->m.syms;
}

namespace {

// kp_decode_site(): the address a relocated field holds.
std::optional<uint64_t> decode_site(std::span<const uint8_t> b, uint64_t site, uint32_t type,
                                    int64_t addend)
{
    int32_t s32;
    uint64_t u64;
    std::memcpy(&s32, b.data(), 4);
    std::memcpy(&u64, b.data(), 8);
    switch (type) {
    case R_X86_64_PC32:
    case R_X86_64_PLT32:
        return site + static_cast<int64_t>(s32) - addend;
    case R_X86_64_32S:
        return static_cast<uint64_t>(static_cast<int64_t>(s32)) - addend;
    case R_X86_64_64:
        return u64 - addend;
    default:
        return std::nullopt;
    }
}

}  // namespace

// The address the original of k's referring function names at the site:
// read from the image's code (vmlinux) or the .ko's relocation (module).
// nullopt when it cannot be read: the anchors decide then, as in kpatch.ko.
std::optional<uint64_t> Sympos::ref_target(const Model &model, const KSymbol &k, int depth)
{
    const RefSite &r = *k.ref;
    if (r.func_ksym >= model.ksyms.size() || model.ksyms[r.func_ksym].object != k.object)
        return std::nullopt;
    Choice f;
    try {
        f = resolve(model, r.func_ksym, depth + 1);
    } catch (const Error &) {
        return std::nullopt;
    }
    if (k.object == "vmlinux") {
        if (!loaded_->image && !sources_.image.empty())
            loaded_->image = KernelImage::open(
                sources_.image, sources_.cache_dir.empty() ? default_cache_dir() : sources_.cache_dir);
        if (!loaded_->image)
            return std::nullopt;
        uint64_t site = loaded_->vmlinux->addrs[f.index] + r.offset;
        auto bytes = loaded_->image->bytes_at(site, 8);
        return bytes ? decode_site(*bytes, site, r.type, r.addend) : std::nullopt;
    }
    const Loaded::Module &mod = *loaded_->modules.at(k.object);
    const elf::Symbol &fs = mod.ko.symbol(mod.m.symtab_index[f.index]);
    for (const elf::Rela &rela : mod.ko.section(fs.shndx).relas) {
        if (rela.offset != fs.value + r.offset || rela.type != r.type)
            continue;
        const elf::Symbol &t = mod.ko.symbol(rela.symbol);
        if (!t.is_defined())
            return std::nullopt;
        // S + A - ref addend: what kp_decode_site() reads once the loader relocated it.
        return module_address(mod.m, mod.ko, t.shndx, t.value + rela.addend - r.addend);
    }
    return std::nullopt;
}

std::string stock_module_path(const std::string &release, const std::string &name,
                              const std::string &modules_root)
{
    fs::path dir = fs::path(modules_root) / release / "kernel";
    std::vector<std::string> plain, compressed;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string file = it->path().filename().string();
        size_t ko = file.rfind(".ko");
        if (ko == std::string::npos || module_name(file) != module_name(name))
            continue;
        std::string ext = file.substr(ko);
        if (ext == ".ko")
            plain.push_back(it->path().string());
        else if (ext == ".ko.xz" || ext == ".ko.zst" || ext == ".ko.gz")
            compressed.push_back(it->path().string());
    }
    if (plain.size() == 1)
        return plain[0];
    if (plain.size() > 1)
        throw Error(fmt::format("module '{}': several stock modules in {}: {}; name the one the "
                                "patch is for",
                                name, dir.string(), fmt::join(plain, ", ")));
    if (!compressed.empty())
        throw Error(fmt::format("module '{}': {} is compressed; decompress it next to itself "
                                "(xz -dk, zstd -d, gzip -dk) and pass the .ko",
                                name, compressed[0]));
    throw Error(fmt::format("module '{}': no {}.ko under {}; install the stock kernel image "
                            "package of {}",
                            name, name, dir.string(), release));
}

}  // namespace kpatch::link
