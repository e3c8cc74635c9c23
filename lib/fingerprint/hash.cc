// SPDX-License-Identifier: GPL-2.0
//
// hash.cc - Hasher: token serialisation plus XXH3-64 (header-only xxhash,
// so the plugin does not depend on libxxhash.so at run time).
#include "kpatch/fp_hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace kpatch::fp {

void Hasher::u64(uint64_t v)
{
    // Fixed width, little endian: no varint ambiguity between tokens.
    char bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = static_cast<char>(v >> (8 * i));
    buf_.append(bytes, sizeof(bytes));
}

void Hasher::str(std::string_view s)
{
    u64(s.size());
    buf_.append(s);
}

uint64_t Hasher::finish() const
{
    return hash_bytes(buf_);
}

uint64_t hash_bytes(std::string_view bytes)
{
    return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace kpatch::fp
