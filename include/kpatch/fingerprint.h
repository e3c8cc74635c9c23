// SPDX-License-Identifier: GPL-2.0
//
// fingerprint.h - what the GCC plugin records about one translation unit,
// the versioned encoding it is stored in, and the API to read and compare
// records.
//
// The plugin (gcc-plugin/) fills a TranslationUnit while GCC compiles and
// writes encode()'s bytes into the object's non-allocated section
// kFingerprintSection.  kpatch-fp (dump/diff), kpatch-link and kpatch-build
// read it back with read_object() / decode() and compare with diff().
// Nothing here includes a GCC header, so the encoding and the diff are
// unit-tested without a compiler in the loop.  Implemented in
// lib/fingerprint/ (static library kpatch_fingerprint).
//
// Section layout (format version 1), all integers little endian:
//
//   record   := magic "KPFP" | u32 format_version | u32 payload_size | payload
//   payload  := str gcc_version | str source | u8 flags (bit0 function
//               sections, bit1 data sections) | uleb n | n * function |
//               uleb m | m * variable
//   function := str symbol | str canonical | str section | u8 binding |
//               u8 clone_kind | str clone_of | u64 rtl_hash | u64 gimple_hash |
//               u8 flags (bit0 has_fentry, bit1 is_init) |
//               uleb k | k * (str canonical | u64 gimple_hash) |
//               uleb r | r * (str name | u8 binding | u8 is_function)
//   variable := str symbol | str canonical | str section | u8 binding |
//               uleb size | u64 init_hash | str static_local_owner |
//               u8 flags (bit0 is_read_only)
//   str      := uleb length | bytes (no terminator)
//
// A section may hold several records back to back: `ld -r` (built-in.a,
// module .o files) concatenates the sections of its inputs, so readers
// use decode_all().  Records carry their own size, so a reader of format
// version N can say "version M" precisely instead of failing to parse.
#pragma once

#include <cstdint>
#include <stdexcept>

#include "kpatch/diagnostic.h"
#include <string>
#include <string_view>
#include <span>
#include <vector>

namespace kpatch::elf {
class Object;  // lib/elf/object.h
}

namespace kpatch::fp {

// Name of the section that carries the record in every object.  It is
// SHF_EXCLUDE: kept in .o files and `ld -r` output, dropped from final links.
// The .discard. prefix keeps modpost quiet (it warns about other
// non-allocated PROGBITS sections) and makes the kernel's linker scripts
// drop it from .ko files too.
inline constexpr std::string_view kFingerprintSection = ".discard.kpatch_fingerprints";

// First bytes of every record in kFingerprintSection.
inline constexpr std::string_view kMagic = "KPFP";

// Bumped whenever encode()'s output changes incompatibly; decode() refuses
// other versions with a message naming both.
inline constexpr uint32_t kFormatVersion = 1;

enum class Binding : uint8_t { Local, Global, Weak };

// How GCC derived a function from another one (suffix of the symbol name).
// With chained suffixes (foo.part.0.cold) the kind is the last one and
// clone_of names the rest (foo.part).
enum class CloneKind : uint8_t { None, Isra, Constprop, Part, Cold, Other };

struct SymbolRef {
    std::string name;  // canonical name of the referenced symbol
    Binding binding = Binding::Global;
    bool is_function = false;

    bool operator==(const SymbolRef &) const = default;
};

struct InlinedCallee {
    std::string canonical;     // canonical name of the inlined function
    uint64_t gimple_hash = 0;  // its own-body fingerprint (0: unknown)

    bool operator==(const InlinedCallee &) const = default;
};

struct FunctionRecord {
    std::string symbol;        // ELF symbol as emitted (foo.isra.0)
    std::string canonical;     // stable across builds (foo.isra)
    std::string section;       // output section (.text.foo with function sections)
    Binding binding = Binding::Global;
    CloneKind clone_kind = CloneKind::None;
    std::string clone_of;      // canonical name of the origin, when cloned
    uint64_t rtl_hash = 0;     // final RTL, after all optimisation
    uint64_t gimple_hash = 0;  // own body, before any inlining
    std::vector<InlinedCallee> inlined;   // sorted by canonical, unique
    std::vector<SymbolRef> references;    // sorted by name, unique
    bool has_fentry = false;   // patchable: has the __fentry__ call
    bool is_init = false;      // in .init.text / .exit.text

    bool operator==(const FunctionRecord &) const = default;
};

struct VariableRecord {
    std::string symbol;        // ELF symbol as emitted (count.3)
    std::string canonical;     // foo::count for a static local, foo::CSWTCH for a switch table
    std::string section;
    Binding binding = Binding::Global;
    uint64_t size = 0;
    uint64_t init_hash = 0;    // initializer (0 for zero-initialised)
    // Canonical owner function, or empty.  Also set for data the compiler
    // made up (switch tables, compound literals, named "owner::CSWTCH"):
    // the function or variable that uses it.
    std::string static_local_owner;
    bool is_read_only = false;

    bool is_static_local() const { return !static_local_owner.empty(); }
    bool operator==(const VariableRecord &) const = default;
};

struct TranslationUnit {
    uint32_t format_version = kFormatVersion;
    std::string gcc_version;   // the compiler that produced it ("12.2.0")
    std::string source;        // main input file as given to gcc
    bool function_sections = false;  // each function in its own section
    bool data_sections = false;      // each variable in its own section
    std::vector<FunctionRecord> functions;  // in emission order
    std::vector<VariableRecord> variables;  // in emission order

    bool operator==(const TranslationUnit &) const = default;
};

// decode() and read_object() throw kpatch::Error (diagnostic.h) naming the
// file, or the offset in the record, and what is wrong.

// One record: magic, version, size, payload.
std::vector<uint8_t> encode(const TranslationUnit &tu);

// Exactly one record; throws Error on truncated, malformed, trailing or
// other-version input.
TranslationUnit decode(std::span<const uint8_t> bytes);

// Every record of a section (one per translation unit linked into it).
std::vector<TranslationUnit> decode_all(std::span<const uint8_t> bytes);

// Records of an ELF relocatable object (or `ld -r` output).  Throws Error
// naming `path` when it is not ELF, has no (or an empty)
// kFingerprintSection ("compile it with -fplugin=kpatch.so") or the
// section does not decode.
std::vector<TranslationUnit> read_object(const std::string &path);
std::vector<TranslationUnit> read_object(const elf::Object &object);

// ---- Names -----------------------------------------------------------

struct CloneInfo {
    std::string canonical;  // numeric suffixes dropped: foo.part.cold
    CloneKind kind = CloneKind::None;
    std::string clone_of;   // canonical without the last kind: foo.part
};

// Canonical name rules for an emitted function symbol: GCC's numeric
// suffixes (foo.isra.0 -> foo.isra) are dropped, clone kinds kept; the
// base name goes through canonical_symbol().
CloneInfo parse_clone(std::string_view symbol);

// Canonical name of any other symbol: the kernel's __UNIQUE_ID_<prefix><N>
// names carry __COUNTER__, which moves when an earlier use is added, so
// the trailing number is dropped (collisions are numbered by
// finalize_names(), see fp_normalize.h).  Other names are returned as is.
std::string canonical_symbol(std::string_view symbol);

// Canonical name of a static local variable: "owner::name".  `index` > 1
// disambiguates several statics of one name in one function (in
// declaration order): "owner::name#2".
std::string static_local_name(std::string_view owner, std::string_view name,
                              unsigned index = 1);

std::string_view to_string(Binding b);
std::string_view to_string(CloneKind k);

// ---- Diff ------------------------------------------------------------

enum class ChangeKind : uint8_t { New, Changed, Removed };
enum class EntityKind : uint8_t { Function, Variable };

enum class ReasonKind : uint8_t {
    OwnBody,          // the function's own source-level body changed
    InlinedCallee,    // subject: an inlined callee whose body changed
    InlinedAdded,     // subject: newly inlined callee
    InlinedRemoved,   // subject: callee no longer inlined
    CodeGeneration,   // final code differs, no source-level change seen
    ColdPartOf,       // subject: the function this .cold part belongs to
    Initializer,      // variable initializer changed
    Size,             // subject: "old -> new"
    Section,          // subject: "old -> new"
    BindingChanged,   // subject: "old -> new"
};

struct Reason {
    ReasonKind kind;
    std::string subject;

    bool operator==(const Reason &) const = default;
};

struct Change {
    EntityKind entity;
    ChangeKind kind;
    std::string canonical;
    std::string symbol;          // in the patched object (original for Removed)
    std::vector<Reason> reasons; // empty for New / Removed
    // Functions only: a changed or new function without the ftrace entry
    // (notrace) cannot be redirected; the linker copies it and replaces
    // its callers when it can (linker/correlate.cc), or refuses.
    bool patchable = true;
};

// Every difference between two records of the same translation unit, in a
// stable order: functions then variables, each sorted by canonical name.
// Unchanged entities are not listed.
std::vector<Change> diff(const TranslationUnit &orig, const TranslationUnit &patched);

// The two records of one translation unit, as every reader pairs them
// (kpatch-fp diff, the linker's correlation, so kpatch-build's report).
// Either side is null for a source only the other side has.
struct UnitPair {
    const TranslationUnit *orig = nullptr;
    const TranslationUnit *patched = nullptr;
};

// Pairs by source path, else by file name (the two builds may come from
// two trees), else, when each side has exactly one record, those two.
// Original order first, then the patched records without a twin.
std::vector<UnitPair> pair_units(const std::vector<TranslationUnit> &orig,
                                 const std::vector<TranslationUnit> &patched);

std::string to_string(const Reason &r);  // "inlined callee 'helper' changed"
std::string_view to_string(ChangeKind k);  // "new", "changed", "removed"

// A section's name without the suffix -ffunction-sections/-fdata-sections
// give it after the symbol (or the symbol's origin, for foo.cold in
// .text.unlikely.foo): ".text.foo" of "foo" -> ".text", ".bss.count.0" of
// "count.0" -> ".bss".  A renumbered static or clone keeps its class.
std::string_view section_class(std::string_view section, std::string_view symbol);

}  // namespace kpatch::fp
