// SPDX-License-Identifier: GPL-2.0
//
// linked_patch.h - read kpatch-link's output back with lib/elf's reader,
// in the terms tests ask about: which symbols it defines, which ordinary
// relocations a copied section carries, and the dynamic relocations and
// replaced functions of the .kpatch.* sections (include/kpatch/abi.h),
// with every pointer field followed to the string or symbol it names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "elf/object.h"

namespace kpatch::test {

// An ordinary relocation of the output: what the module loader resolves.
struct Relocation {
    uint64_t offset = 0;
    uint32_t type = 0;
    std::string symbol;  // its name; a section symbol's section name
    bool defined = false;
    int64_t addend = 0;
};

// A struct kpatch_dynrela with its struct kpatch_symbol.
struct DynamicRelocation {
    std::string section;  // where it applies, and at which offset
    uint64_t offset = 0;
    uint32_t type = 0;
    int64_t addend = 0;
    uint32_t flags = 0;
    std::string symbol;
    std::string object;
    std::vector<std::string> anchors;
    uint32_t anchor_self = 0;
};

// A struct kpatch_func: the original it replaces, the replacement symbol.
struct ReplacedFunction {
    std::string original;
    std::string replacement;
    uint32_t flags = 0;
};

class LinkedPatch {
public:
    explicit LinkedPatch(const std::string &path) : obj_(elf::Object::open(path)) {}

    const elf::Object &object() const { return obj_; }
    // A defined function or object symbol of that name, or null.
    const elf::Symbol *defined(const std::string &name) const;
    const elf::Section *section(const std::string &name) const;
    std::vector<Relocation> relocations(const std::string &section) const;
    std::vector<DynamicRelocation> dynrelas() const;
    std::vector<ReplacedFunction> functions() const;

private:
    const elf::Rela &pointer_at(const elf::Section &sec, uint64_t offset) const;
    // The section and offset a pointer field points to.
    std::pair<const elf::Section *, uint64_t> follow(const elf::Section &sec, uint64_t offset) const;
    std::string string_at(const elf::Section &sec, uint64_t offset) const;
    template <typename T> T read(const elf::Section &sec, uint64_t offset) const;
    const elf::Section &required(const std::string &name) const;

    elf::Object obj_;
};

}  // namespace kpatch::test
