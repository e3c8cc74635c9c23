// SPDX-License-Identifier: GPL-2.0
//
// object_symbols.cc - a target object's symbols in livepatch's and
// kpatch.ko's orders (object_symbols.h).
#include "object_symbols.h"

#include <elf.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <numeric>
#include <sstream>

namespace kpatch::link {
namespace {

// include/linux/module.h; the loader sets it on .data..ro_after_init and __jump_table.
constexpr uint64_t kShfRoAfterInit = 0x00200000;
constexpr uint64_t kPage = 4096;  // strict_align(): CONFIG_STRICT_MODULE_RWX
constexpr uint64_t kNotPlaced = ~uint64_t{0};
// Module per-cpu symbols are offsets into the per-cpu area, far below the
// module mapping: kpatch.ko's sort puts them first.
constexpr uint64_t kCoreBase = uint64_t{1} << 44;

uint64_t align_to(uint64_t v, uint64_t a) { return a > 1 ? (v + a - 1) / a * a : v; }

// Section flags as the 6.1 loader sees them when it lays the module out.
uint64_t loader_flags(const elf::Section &s)
{
    if (s.name == ".data..percpu" || s.name == ".modinfo" || s.name == "__versions")
        return s.flags & ~uint64_t{SHF_ALLOC};
    if (s.name == ".data..ro_after_init" || s.name == "__jump_table")
        return s.flags | kShfRoAfterInit;
    return s.flags;
}

// layout_sections() of kernel/module/main.c for the core part (x86-64:
// ARCH_SHF_SMALL is 0, and text and data share one allocation).
std::vector<uint64_t> core_layout(const elf::Object &ko)
{
    static constexpr uint64_t kMasks[][2] = {
        {SHF_EXECINSTR | SHF_ALLOC, 0},
        {SHF_ALLOC, SHF_WRITE},
        {kShfRoAfterInit | SHF_ALLOC, 0},
        {SHF_WRITE | SHF_ALLOC, 0},
        {SHF_ALLOC, 0},
    };
    std::vector<uint64_t> off(ko.sections().size(), kNotPlaced);
    uint64_t size = 0;
    for (size_t m = 0; m < std::size(kMasks); m++) {
        for (const elf::Section &s : ko.sections()) {
            uint64_t f = loader_flags(s);
            if (s.index == 0 || (f & kMasks[m][0]) != kMasks[m][0] || (f & kMasks[m][1]) ||
                off[s.index] != kNotPlaced || s.name.starts_with(".init"))
                continue;
            off[s.index] = align_to(size, s.addralign);
            size = off[s.index] + s.size;
        }
        if (m != 3)
            size = align_to(size, kPage);
    }
    return off;
}

uint32_t percpu_index(const elf::Object &ko)
{
    const elf::Section *s = ko.find_section_by_name(".data..percpu");
    return s ? s->index : 0;
}

// The name the kernel sees: lib/elf names a section symbol after its
// section, but its st_name is 0 (gas writes none).
std::string_view kernel_name(const elf::Symbol &s)
{
    return s.is_section() ? std::string_view() : s.name;
}

// is_core_symbol() of kernel/module/kallsyms.c (CONFIG_KALLSYMS_ALL=y).
bool kept(const elf::Symbol &s, const std::vector<uint64_t> &off, uint32_t pcpu)
{
    if (s.index == 0 || !s.is_defined() || kernel_name(s).empty())
        return false;
    return (pcpu && s.shndx == pcpu) || off[s.shndx] != kNotPlaced;
}

// What livepatch walks while the module loads: every defined symbol.
void add_loading_walk(const elf::Object &ko, ModuleSymbols &m)
{
    uint32_t next = 0;
    for (const elf::Symbol &s : ko.symbols()) {
        if (s.index == 0 || s.shndx == SHN_UNDEF)
            continue;
        if (next < m.symtab_index.size() && m.symtab_index[next] == s.index) {
            m.syms.loading_index.push_back(m.syms.loading_names.size());
            next++;
        }
        m.syms.loading_names.emplace_back(kernel_name(s));
    }
}

}  // namespace

ObjectSymbols vmlinux_symbols(const std::vector<KallsymsEntry> &kallsyms, std::string source)
{
    ObjectSymbols o{.object = "vmlinux", .source = std::move(source)};
    o.names.reserve(kallsyms.size());
    for (const KallsymsEntry &e : kallsyms) {
        o.names.push_back(e.name);
        o.addrs.push_back(e.addr);
    }
    // kallsyms_on_each_symbol() is kpatch.ko's stream and livepatch's walk alike.
    o.stream.resize(o.names.size());
    std::iota(o.stream.begin(), o.stream.end(), 0);
    return o;
}

bool read_system_map(const std::string &path, std::vector<KallsymsEntry> &out)
{
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        KallsymsEntry e;
        std::string addr;
        if (!(fields >> addr >> e.type >> e.name))
            continue;
        auto [end, ec] = std::from_chars(addr.data(), addr.data() + addr.size(), e.addr, 16);
        if (ec != std::errc() || end != addr.data() + addr.size())
            continue;
        out.push_back(std::move(e));
    }
    return out.size() > 1;
}

ModuleSymbols module_symbols(const elf::Object &ko, std::string module)
{
    ModuleSymbols m{.syms = {.object = std::move(module), .source = ko.path()}};
    m.section_offset = core_layout(ko);
    uint32_t pcpu = percpu_index(ko);
    for (const elf::Symbol &s : ko.symbols()) {
        if (!kept(s, m.section_offset, pcpu))
            continue;
        m.syms.names.emplace_back(s.name);
        m.syms.addrs.push_back(module_address(m, ko, s.shndx, s.value));
        m.symtab_index.push_back(s.index);
    }
    // kp_stream_module() sorts by address (a heap sort: ties are in no
    // particular order there; here they keep symtab order).
    m.syms.stream.resize(m.syms.names.size());
    std::iota(m.syms.stream.begin(), m.syms.stream.end(), 0);
    std::stable_sort(m.syms.stream.begin(), m.syms.stream.end(),
                     [&](uint32_t a, uint32_t b) { return m.syms.addrs[a] < m.syms.addrs[b]; });
    add_loading_walk(ko, m);
    return m;
}

uint64_t module_address(const ModuleSymbols &m, const elf::Object &ko, uint32_t shndx,
                        uint64_t value)
{
    if (shndx == 0 || shndx >= m.section_offset.size())
        return kNotPlaced;
    if (shndx == percpu_index(ko))
        return value;
    if (m.section_offset[shndx] == kNotPlaced)
        return kNotPlaced;
    return kCoreBase + m.section_offset[shndx] + value;
}

}  // namespace kpatch::link
