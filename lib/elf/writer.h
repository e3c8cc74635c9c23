// SPDX-License-Identifier: GPL-2.0
//
// writer.h - build one x86-64 relocatable object in memory and write it.
//
// The caller adds sections (bytes + relocations) and symbols in any order;
// write() orders the symbol table (locals first, as ELF requires), creates
// the .rela.*, .symtab, .strtab and .shstrtab sections and writes through
// libelf to a temporary file that is renamed over the target, so a failed
// run never leaves a half-written object behind.  It does not lay out
// segments or handle anything but ET_REL.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kpatch::elf {

struct OutRela {
    uint64_t offset = 0;
    uint32_t type = 0;
    uint32_t symbol = 0;  // id returned by Writer::add_symbol()
    int64_t addend = 0;
};

struct OutSection {
    std::string name;
    uint32_t type = 1;     // SHT_PROGBITS
    uint64_t flags = 0;
    uint64_t align = 1;
    uint64_t entsize = 0;
    std::vector<uint8_t> bytes;  // empty for SHT_NOBITS
    uint64_t nobits_size = 0;
    std::vector<OutRela> relas;
};

struct OutSymbol {
    std::string name;
    uint8_t type = 0;
    uint8_t bind = 0;
    uint8_t other = 0;
    uint32_t section = 0;  // 0: undefined; else an id from add_section()
    uint64_t value = 0;
    uint64_t size = 0;
};

class Writer {
public:
    // Returns the section's id (its final section header index).
    uint32_t add_section(OutSection sec);
    OutSection &section(uint32_t id) { return sections_.at(id - 1); }
    const std::vector<OutSection> &sections() const { return sections_; }
    uint32_t add_symbol(OutSymbol sym);
    const OutSymbol &symbol(uint32_t id) const { return symbols_.at(id); }
    // The STT_SECTION symbol of section id, created on first use.
    uint32_t section_symbol(uint32_t id);

    // Throws kpatch::Error naming path on failure; the target is untouched then.
    void write(const std::string &path);

private:
    std::vector<OutSection> sections_;
    std::vector<OutSymbol> symbols_{OutSymbol{}};  // id 0: the null symbol
    std::vector<uint32_t> section_syms_;
};

}  // namespace kpatch::elf
