// SPDX-License-Identifier: GPL-2.0
//
// tree_hash.h - feed GCC trees (GIMPLE operands, initializers) to a Hasher,
// normalised: local declarations, SSA names and labels by order of first
// appearance (never DECL_UID / SSA version), globals by canonical name,
// constants by value, string literals by content, fields by name, bit
// offset and size (so a field moved in a struct changes every user).
// Types are summarised (code, mode, size, signedness, qualifiers, tag
// name), not walked: a type change reaches the hash through the sizes and
// offsets it changes.  Locations are never hashed.
#pragma once

#include "gcc-common.h"
#include "kpatch/fp_hash.h"

#include <unordered_map>

namespace kpatch::plugin {

class TreeHasher {
public:
    explicit TreeHasher(fp::Hasher &h) : h_(h) {}

    void operand(const_tree t);
    void type(const_tree t, int depth = 0);
    // The first-appearance number of a local entity (decl, SSA name, block).
    unsigned local(const void *p);

private:
    void constant(const_tree t);
    void decl(const_tree t);
    void field(const_tree t);
    void expression(const_tree t);

    fp::Hasher &h_;
    std::unordered_map<const void *, unsigned> locals_;
};

}  // namespace kpatch::plugin
