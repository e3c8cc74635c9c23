// SPDX-License-Identifier: GPL-2.0
//
// model.h - what the builder collects for the .kpatch.* sections: the
// target-object symbols to resolve at load, the dynamic relocations that
// use them, the replaced functions and the hooks.  Plain data; abi_emit.cc
// turns it into the structures of include/kpatch/abi.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "special.h"

namespace kpatch::link {

// Where a replaced function's original code refers to a symbol: kpatch.ko
// reads the running address there (abi.h, reference sites).
struct RefSite {
    uint32_t func_ksym = 0;  // the original function's KSymbol
    uint32_t offset = 0;     // of the relocated field, from the function's start
    uint32_t type = 0;       // R_X86_64_*
    int64_t addend = 0;
};

struct KSymbol {
    std::string name;
    std::string object;                 // "vmlinux" or a module name
    std::vector<std::string> anchors;   // empty: unique by name
    uint32_t anchor_self = 0;
    uint64_t size = 0;
    std::optional<RefSite> ref;         // set for anchored symbols when one is found

    auto key() const { return std::tie(object, name, anchors); }
};

struct DynRela {
    uint32_t section;   // output section id
    uint64_t offset;
    uint32_t type;
    uint32_t ksym;      // index into Model::ksyms
    int64_t addend;
    uint32_t flags = 0; // KPATCH_DYNRELA_*
    // The object whose patched code holds the field ("vmlinux" or a module):
    // livepatch writes the field when that object is patched.
    std::string user;
};

struct Func {
    uint32_t new_symbol;        // output symbol id of the replacement
    uint64_t new_size;
    uint32_t ksym;              // the original
    std::vector<uint8_t> orig;  // original code bytes
    std::vector<Range> masks;
    uint32_t flags;
};

struct Hook {
    uint32_t fn_symbol;  // output symbol id
    std::string object;
    uint32_t kind;       // enum kpatch_hook_kind
};

struct Model {
    std::vector<KSymbol> ksyms;
    std::vector<DynRela> dynrelas;
    std::vector<Func> funcs;
    std::vector<Hook> hooks;

    // The index of k's twin (same object, name and anchors), if interned.
    std::optional<uint32_t> find(const KSymbol &k) const
    {
        for (uint32_t i = 0; i < ksyms.size(); i++)
            if (ksyms[i].key() == k.key())
                return i;
        return std::nullopt;
    }

    uint32_t intern(KSymbol k)
    {
        for (uint32_t i = 0; i < ksyms.size(); i++)
            if (ksyms[i].key() == k.key())
                return i;
        ksyms.push_back(std::move(k));
        return ksyms.size() - 1;
    }
};

}  // namespace kpatch::link
