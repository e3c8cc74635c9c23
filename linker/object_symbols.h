// SPDX-License-Identifier: GPL-2.0
//
// object_symbols.h - one target object's symbols in the two orders that
// matter for a livepatch position: the order 6.1's livepatch walks them
// (klp_find_object_symbol()), and the order kpatch.ko streams them to
// match anchors (kmod/core/resolve.c).
//
// vmlinux: both are the kallsyms index order, read from the stock image
// (kernel_image.h) or from a real System.map.  A module: livepatch walks
// the symbol table the loader keeps for kallsyms, in the .ko's symtab
// order (module_kallsyms_on_each_symbol()); kpatch.ko sorts the same
// symbols by address, so the loader's 6.1 section layout is replayed.
// Nothing here decides a position (sympos.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "elf/object.h"
#include "kernel_image.h"

namespace kpatch::link {

struct ObjectSymbols {
    std::string object{};            // "vmlinux" or the module's name
    std::string source{};            // the file they come from, for messages
    std::vector<std::string> names{};// livepatch's walk order
    std::vector<uint64_t> addrs{};   // per name; a module's are layout offsets
    std::vector<uint32_t> stream{};  // kpatch.ko's order: indices into names
    // A module only: the names livepatch walks while the module is still
    // loading (its whole symtab, init symbols too: klp_module_coming()
    // runs before the loader drops them), and where each kept name is in it.
    std::vector<std::string> loading_names{};
    std::vector<uint32_t> loading_index{};
};

ObjectSymbols vmlinux_symbols(const std::vector<KallsymsEntry> &kallsyms, std::string source);

// A System.map's lines; false when it is a placeholder (Debian's says
// "The real System.map is in the linux-image-<version>-dbg package").
bool read_system_map(const std::string &path, std::vector<KallsymsEntry> &out);

// The kallsyms a 6.1 module keeps: symbols of sections the loader places
// in the core layout, and per-cpu ones.  symtab_index[i]: names[i]'s
// index in ko.symbols().
struct ModuleSymbols {
    ObjectSymbols syms{};
    std::vector<uint32_t> symtab_index{};
    std::vector<uint64_t> section_offset{};// per section, in the core layout (~0: not placed)
};
ModuleSymbols module_symbols(const elf::Object &ko, std::string module);

// The address module_symbols() gives section shndx + value (~0: none).
uint64_t module_address(const ModuleSymbols &m, const elf::Object &ko, uint32_t shndx,
                        uint64_t value);

}  // namespace kpatch::link
