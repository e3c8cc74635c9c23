// SPDX-License-Identifier: GPL-2.0
//
// synthetic_object.h - small x86-64 relocatable objects, written with
// lib/elf's writer, that look to kpatch-link like the plugin's output:
// functions in their own sections with real instruction bytes, data,
// special sections, relocations, and a .discard.kpatch_fingerprints record
// derived from the same description.  A test describes the original,
// copies and edits the description into the patched object, and writes
// both to a temporary directory; no compiler, no kernel tree.
//
// It does not model everything gcc emits (no __fentry__ call, no ORC, no
// debug info): only what a test names.  Malformed objects are made by
// overriding a symbol's size or a relocation's offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kpatch/fingerprint.h"

namespace kpatch::test {

// A relocation at `offset` of its section.  `target` names a symbol of
// the object (a function or variable of the description; any other name
// becomes an undefined global), or, with `section_relative`, a section
// whose STT_SECTION symbol it uses, as gas does for static symbols.
struct Ref {
    uint64_t offset = 0;
    uint32_t type = 0;  // R_X86_64_*
    std::string target{};
    int64_t addend = 0;
    bool section_relative = false;
};

// Machine code built instruction by instruction, each instruction with the
// relocation the assembler would give it, so the linker's instruction
// decoder sees real code.
class Code {
public:
    // call target (e8 rel32): R_X86_64_PLT32 target - 4.
    Code &call(const std::string &target);
    // mov target(%rip),%eax (8b 05 disp32): R_X86_64_PC32 target - 4.
    Code &load(const std::string &target);
    // The same load as gas writes it for a static: section + offset - 4.
    Code &load_section(const std::string &section, int64_t offset = 0);
    // mov $target,%eax with a 32-bit absolute field: R_X86_64_32.
    Code &load_abs32(const std::string &target);
    Code &nops(size_t n);
    Code &ret();
    // Byte offset the next instruction starts at (for special-section entries).
    uint64_t here() const { return bytes.size(); }

    std::vector<uint8_t> bytes{};
    std::vector<Ref> refs{};

private:
    Code &insn(std::vector<uint8_t> opcode, uint32_t type, const std::string &target,
               bool section_relative, int64_t offset);
};

// Every member has a default ({} included), so a test names only what
// matters with designated initializers: {.name = "f", .code = ...}.
struct Function {
    std::string name{};
    Code code{};
    bool global = true;
    uint64_t hash = 1;                      // final-RTL hash: change it with the code
    std::string section{};                  // "" = .text.<name>; may be shared
    std::optional<uint64_t> symbol_size{};  // default: the code's size
};

struct Variable {
    std::string name{};
    std::string section{};                  // .data.<name>, .bss.<name> (SHT_NOBITS)...
    std::vector<uint8_t> bytes{};           // the initializer; for .bss only its size
    bool global = false;
    uint64_t hash = 0;                      // the record's initializer hash
    std::vector<Ref> refs{};                // offsets inside the variable
    std::string owner{};                    // static local of this function, or ""
    std::optional<uint64_t> symbol_size{};  // default: bytes.size()
};

// Any other section (special sections, string sections), refs included.
struct RawSection {
    std::string name{};
    uint32_t type = 1;  // SHT_PROGBITS
    uint64_t flags = 0;
    uint64_t align = 1;
    uint64_t entsize = 0;
    std::vector<uint8_t> bytes{};
    std::vector<Ref> refs{};
};

struct ObjectSpec {
    std::string source = "drivers/demo/demo.c";
    std::vector<Function> functions{};   // emission order = section order
    std::vector<Variable> variables{};
    std::vector<RawSection> sections{};  // after functions and variables
    bool with_record = true;             // false: no fingerprint section at all
    // The record to write instead of fingerprint_of(*this), to make the
    // record and the symbols disagree.
    std::optional<fp::TranslationUnit> record{};

    Function &function(const std::string &name);
    Variable &variable(const std::string &name);
    RawSection &section(const std::string &name);
};

// The record the plugin would have written for spec.
fp::TranslationUnit fingerprint_of(const ObjectSpec &spec);

// Writes spec to path; throws on an I/O error.
void write_object(const ObjectSpec &spec, const std::string &path);

}  // namespace kpatch::test
