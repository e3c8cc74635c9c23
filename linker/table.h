// SPDX-License-Identifier: GPL-2.0
//
// table.h - one output section filled with C structures whose pointer
// fields are zeros with an R_X86_64_64 relocation (the module loader
// fills in the addresses), plus a string pool of such sections.  Shared
// by the kpatch back end (abi_emit.cc) and the livepatch one (klp_emit.cc).
#pragma once

#include <elf.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "elf/writer.h"
#include "kpatch/abi.h"
#include "model.h"

namespace kpatch::link {

// Loaded: the module loader copies the section into memory (SHF_ALLOC);
// a build-time table (klp.h's relocation records) is not.
enum class Load { Yes, No };

class Table {
public:
    Table(elf::Writer &w, const char *name, uint64_t flags, uint64_t align, Load load = Load::Yes)
        : w_(w), id_(w.add_section({name, SHT_PROGBITS,
                                    (load == Load::Yes ? SHF_ALLOC : 0) | flags, align, 0, {}, 0,
                                    {}}))
    {
    }

    uint32_t id() const { return id_; }
    uint64_t size() { return w_.section(id_).bytes.size(); }

    template <typename T> uint64_t append(const T &value)
    {
        auto &bytes = w_.section(id_).bytes;
        uint64_t at = bytes.size();
        bytes.resize(at + sizeof(T));
        std::memcpy(bytes.data() + at, &value, sizeof(T));
        return at;
    }
    uint64_t append_bytes(const std::vector<uint8_t> &b)
    {
        auto &bytes = w_.section(id_).bytes;
        uint64_t at = bytes.size();
        bytes.insert(bytes.end(), b.begin(), b.end());
        return at;
    }
    // The u64 at offset gets the address of symbol + addend at load.
    void point(uint64_t offset, uint32_t symbol, int64_t addend)
    {
        w_.section(id_).relas.push_back({offset, R_X86_64_64, symbol, addend});
    }
    void point_into(uint64_t offset, const Table &t, uint64_t t_offset)
    {
        point(offset, w_.section_symbol(t.id_), static_cast<int64_t>(t_offset));
    }

private:
    elf::Writer &w_;
    uint32_t id_;
};

// NUL-terminated names, each stored once.
class StringPool {
public:
    StringPool(elf::Writer &w, const char *name, Load load = Load::Yes)
        : table_(w, name, 0, 1, load)
    {
    }

    // Points the u64 at field of t at s.
    void point(Table &t, uint64_t field, const std::string &s) { t.point_into(field, table_, at(s)); }

    // Where s is in the pool (stored on first use).
    uint64_t at(const std::string &s)
    {
        auto [it, fresh] = offsets_.emplace(s, 0);
        if (fresh) {
            std::vector<uint8_t> b(s.begin(), s.end());
            b.push_back(0);
            it->second = table_.append_bytes(b);
        }
        return it->second;
    }

private:
    Table table_;
    std::map<std::string, uint64_t> offsets_;
};

// One struct kpatch_hook: both formats hand hooks to their template alike.
inline void append_hook(Table &hooks, StringPool &strings, const Hook &h)
{
    kpatch_hook e{};
    e.kind = h.kind;
    uint64_t at = hooks.append(e);
    hooks.point(at + offsetof(kpatch_hook, fn), h.fn_symbol, 0);
    strings.point(hooks, at + offsetof(kpatch_hook, objname), h.object);
}

}  // namespace kpatch::link
