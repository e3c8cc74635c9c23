// SPDX-License-Identifier: GPL-2.0
//
// builder.h - copy what the changed functions need from one patched object
// into the output, and classify every relocation they carry.
//
// Starting from the plan's functions (plan.h), the builder copies byte
// ranges ("chunks": a whole function section, a new variable, an anonymous
// read-only section, one special-section entry) into output sections and
// walks their relocations.  A relocation whose target is copied stays an
// ordinary relocation; one to an exported symbol stays an ordinary
// relocation against the undefined name; anything else becomes a dynamic
// relocation against a KSymbol of the target object.  Special-section
// entries are kept exactly for the copied functions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "correlate.h"
#include "elf/object.h"
#include "elf/writer.h"
#include "insn.h"
#include "jump_stub.h"
#include "link.h"
#include "macros.h"
#include "model.h"
#include "plan.h"
#include "symvers.h"

namespace kpatch::link {

class Builder {
public:
    Builder(const Symvers &symvers, elf::Writer &writer, Model &model, Report &report)
        : symvers_(symvers), writer_(writer), model_(model), report_(report)
    {
    }

    // Copies unit's changed and new functions and their closure.
    void add_unit(const Unit &unit);

private:
    struct Chunk {
        uint32_t sec;        // input section
        uint64_t begin, end; // input range
        uint32_t out_sec;
        uint64_t out_off;
        bool special;        // relocations here must not be dynamic
    };
    struct Target {
        bool dynamic = false;
        uint32_t index = 0;  // output symbol id, or KSymbol index when dynamic
        int64_t addend = 0;
    };
    struct State;

    void include_functions(State &st);
    uint32_t include_symbol(State &st, const elf::Symbol &sym);
    Chunk include_range(State &st, uint32_t sec, uint64_t begin, uint64_t end,
                               uint32_t out_sec, bool special);
    uint32_t out_section_for(State &st, uint32_t sec, bool partial);
    uint32_t new_out_section(const elf::Section &in, bool partial);
    bool has_function_section(const State &st, const elf::Symbol &sym) const;
    uint32_t function_section(State &st, const elf::Symbol &sym);
    void include_lone_function(State &st, const elf::Symbol &sym);
    void recreate_resolved_refs(State &st, const Chunk &c);
    void reserve_entry_pad(uint32_t out_sec);
    bool has_entry_pad(uint32_t symbol) const;
    void add_orc_copy(const elf::Section &ip_sec, const elf::Section &orc_sec, uint64_t index,
                      uint32_t text_sec, uint64_t at);
    void add_short_jump_trampoline(State &st, const Chunk &c, const ResolvedRef &r,
                                   uint64_t field_out, std::string_view where);
    void copy_orc_at(State &st, const Chunk &c, uint64_t insn, uint64_t at);
    bool module_key_stub(State &st, const elf::Section &jt, const SpecialEntry &e, Chunk fn);
    void add_stub_orc(State &st, const Chunk &fn, uint64_t site, uint64_t stub);
    void place_symbols(State &st, const Chunk &c);
    void drain(State &st);
    void relocate_chunk(State &st, const Chunk &c);
    Target resolve(State &st, uint32_t sym, int64_t addend, FieldBias bias);
    Target resolve_section_ref(State &st, uint32_t shndx, int64_t addend, FieldBias bias);
    Target resolve_named(State &st, const elf::Symbol &sym, int64_t addend);
    Target btf_ids_ref(State &st, const elf::Symbol &sym, int64_t addend, FieldBias bias);
    bool is_new_data(const State &st, const elf::Symbol &s) const;
    Target original_ref(State &st, const elf::Symbol &sym, int64_t addend);
    Target external_ref(State &st, std::string_view name, int64_t addend);
    static bool is_empty_static(const elf::Symbol &s);
    uint32_t empty_object(State &st, const elf::Symbol &s);
    std::pair<uint64_t, uint64_t> stub_range(const State &st, uint32_t shndx, uint64_t at) const;
    const Chunk *find_chunk(const State &st, uint32_t sec, uint64_t off) const;
    bool is_dynamic_target(State &st, uint32_t sym);
    uint32_t undefined_symbol(std::string_view name);
    void add_early_jump_key(State &st, const Chunk &c, uint64_t out_off, uint32_t type,
                            const Target &t);
    uint32_t placeholder_key();
    const elf::Symbol *orig_target(const State &st, uint32_t shndx, const elf::Rela &r) const;
    void add_reference_sites(const State &st, const elf::Symbol &func, uint32_t func_ksym);
    uint32_t entry_jump_flag(const State &st, const std::string &f, const elf::Symbol &o) const;

    void add_specials(State &st);
    void add_special_section(State &st, const elf::Section &sec);
    bool keep_special_entry(State &st, const elf::Section &sec, uint64_t off);
    uint32_t shared_section(const elf::Section &like);
    void add_funcs(State &st);
    void add_hooks(State &st);

    [[noreturn]] void refuse(const State &st, std::string_view symbol, std::string_view section,
                             std::string_view what, std::string_view todo = {}) const;
    // A decision the user should know of, said once.
    void note(const State &st, std::string_view symbol, std::string_view section,
              std::string what);

    const Symvers &symvers_;
    elf::Writer &writer_;
    Model &model_;
    Report &report_;
    std::map<std::string, uint32_t, std::less<>> undefined_;    // name -> output symbol id
    std::map<std::string, uint32_t, std::less<>> globals_;      // defined global -> symbol id
    std::map<std::string, uint32_t, std::less<>> shared_secs_;  // special section -> id
    std::set<uint32_t> padded_;  // output sections that start with an entry pad
    uint32_t placeholder_key_ = 0;  // output symbol of the placeholder jump key, 0: none yet
    uint32_t empty_sec_ = 0;        // output section of carried empty statics, 0: none yet
    std::set<uint32_t> stubbed_;    // output sections with jump stubs after their function
};

}  // namespace kpatch::link
