// SPDX-License-Identifier: GPL-2.0
//
// object.h - a read-only, bounds-checked view of one x86-64 relocatable
// ELF object.
//
// Object::open() reads the whole file, lets libelf parse it and then checks
// everything later code indexes with (section data inside the file, symbol
// section indices, relocation symbol indices and offsets), so callers can
// use plain spans and indices without re-checking.  Header fields that
// size or align anything (sh_addralign, sh_entsize, SHT_NOBITS sizes,
// symbol extents) are bounded too: a corrupt byte is an Error, never a
// huge allocation or a silently wrong layout.  It does not model
// executables, 32-bit or big-endian objects, or SHN_XINDEX: those are
// refused with an Error naming the file.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kpatch/diagnostic.h"

namespace kpatch::elf {

struct Rela {
    uint64_t offset = 0;   // inside the section the relocations apply to
    uint32_t type = 0;     // R_X86_64_*
    uint32_t symbol = 0;   // index into Object::symbols()
    int64_t addend = 0;
};

struct Section {
    uint32_t index = 0;
    std::string_view name;
    uint32_t type = 0;
    uint64_t flags = 0;
    uint64_t addralign = 0;
    uint64_t entsize = 0;
    uint64_t size = 0;
    uint32_t link = 0;
    uint32_t info = 0;
    std::span<const uint8_t> data;  // empty for SHT_NOBITS
    std::vector<Rela> relas;        // from the SHT_RELA section that targets it
    uint32_t rela_index = 0;        // that section's index, 0 if none

    bool is_text() const;
    bool is_alloc() const;
    bool is_nobits() const;
};

struct Symbol {
    uint32_t index = 0;
    std::string_view name;
    uint8_t type = 0;   // STT_*
    uint8_t bind = 0;   // STB_*
    uint8_t other = 0;
    uint32_t shndx = 0; // SHN_UNDEF, SHN_ABS, ... or a section index
    uint64_t value = 0;
    uint64_t size = 0;

    bool is_defined() const;      // in a real section of this object
    bool is_section() const { return type == 3 /* STT_SECTION */; }
    bool is_local() const { return bind == 0 /* STB_LOCAL */; }
};

// Sanity bounds on header fields (object.cc says why each exists).
inline constexpr uint64_t kMaxAlign = 4096;               // a module's sections are page aligned
inline constexpr uint64_t kMaxNobitsBytes = uint64_t{1} << 30;

class Object {
public:
    // Reads and validates path; throws Error naming path on any problem.
    static Object open(const std::string &path);
    // Same checks on an in-memory image; name is used in messages.
    static Object from_bytes(std::string name, std::vector<uint8_t> bytes);

    Object(Object &&) noexcept;
    Object &operator=(Object &&) noexcept;
    ~Object();

    const std::string &path() const { return path_; }
    // Index 0 is the null section / null symbol, as in the file.
    std::span<const Section> sections() const { return sections_; }
    std::span<const Symbol> symbols() const { return symbols_; }
    const Section &section(uint32_t index) const { return sections_.at(index); }
    const Symbol &symbol(uint32_t index) const { return symbols_.at(index); }

    const Section *find_section_by_name(std::string_view name) const;
    const Symbol *find_symbol_by_name(std::string_view name) const;
    // The STT_SECTION symbol of section shndx, if the object has one.
    const Symbol *find_section_symbol(uint32_t shndx) const;
    // The named FUNC/OBJECT symbol of section shndx that covers offset
    // (value <= offset < value + size, or == value for size 0).
    const Symbol *find_symbol_containing(uint32_t shndx, uint64_t offset) const;
    // Named FUNC/OBJECT symbols defined in shndx, by address.
    std::vector<const Symbol *> symbols_in_section(uint32_t shndx) const;

private:
    struct Handle;
    Object(std::string path, std::vector<uint8_t> bytes);
    void parse();
    void parse_sections();
    void parse_symbols();
    void parse_relas(const Section &rela_sec);
    void check_section_header(const Section &s) const;
    void check_symbol_extent(const Symbol &s) const;
    [[noreturn]] void fail(std::string_view what) const;

    std::string path_;
    std::vector<uint8_t> bytes_;
    std::unique_ptr<Handle> handle_;
    std::vector<Section> sections_;
    std::vector<Symbol> symbols_;
    uint32_t symtab_index_ = 0;
};

}  // namespace kpatch::elf
