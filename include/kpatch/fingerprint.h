// SPDX-License-Identifier: GPL-2.0
//
// fingerprint.h - what the GCC plugin records about one translation unit,
// and the versioned encoding it is stored in.
//
// The plugin (gcc-plugin/) fills a TranslationUnit while GCC compiles and
// writes encode()'s bytes into the object's non-allocated section
// kFingerprintSection.  kpatch-fp (dump/diff), kpatch-link and kpatch-build
// read it back with decode().  Nothing here includes a GCC header, so the
// encoding and the diff are unit-tested without a compiler in the loop.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kpatch::fp {

// Name of the section that carries the record in every object.  It is
// SHF_EXCLUDE: kept in .o files and archives, dropped from final links.
inline constexpr std::string_view kFingerprintSection = ".kpatch_fingerprints";

// Bumped whenever encode()'s output changes incompatibly; decode() refuses
// other versions with a message naming both.
inline constexpr uint32_t kFormatVersion = 1;

enum class Binding : uint8_t { Local, Global, Weak };

// How GCC derived a function from another one (suffix of the symbol name).
enum class CloneKind : uint8_t { None, Isra, Constprop, Part, Cold, Other };

struct SymbolRef {
    std::string name;       // canonical name of the referenced symbol
    Binding binding = Binding::Global;
    bool is_function = false;
};

struct InlinedCallee {
    std::string canonical;  // canonical name of the inlined function
    uint64_t gimple_hash = 0;  // its source-level fingerprint
};

struct FunctionRecord {
    std::string symbol;       // ELF symbol as emitted (foo.isra.0)
    std::string canonical;    // stable across builds (foo.isra)
    std::string section;      // output section (.text.foo with function sections)
    Binding binding = Binding::Global;
    CloneKind clone_kind = CloneKind::None;
    std::string clone_of;     // canonical name of the origin, when cloned
    uint64_t rtl_hash = 0;    // final RTL, after all optimisation
    uint64_t gimple_hash = 0; // own body, before IPA inlining
    std::vector<InlinedCallee> inlined;
    std::vector<SymbolRef> references;
    bool has_fentry = false;  // patchable: has the __fentry__ call
    bool is_init = false;     // in .init.text / .exit.text
};

struct VariableRecord {
    std::string symbol;       // ELF symbol as emitted (count.3)
    std::string canonical;    // foo::count for a static local
    std::string section;
    Binding binding = Binding::Global;
    uint64_t size = 0;
    uint64_t init_hash = 0;   // initializer (0 for zero-initialised)
    bool is_static_local = false;
    bool is_read_only = false;
};

struct TranslationUnit {
    uint32_t format_version = kFormatVersion;
    std::string gcc_version;  // the compiler that produced it
    std::string source;       // main input file as given to gcc
    std::vector<FunctionRecord> functions;
    std::vector<VariableRecord> variables;
};

std::vector<uint8_t> encode(const TranslationUnit &tu);

// Throws DecodeError (what() says what is wrong and where) on truncated,
// malformed or other-version input.
TranslationUnit decode(std::span<const uint8_t> bytes);

}  // namespace kpatch::fp
