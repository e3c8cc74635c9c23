// SPDX-License-Identifier: GPL-2.0
// Tests for lib/fingerprint/hash.cc: token streams that differ hash
// differently, equal streams hash equally, strings are length-delimited.
#include <doctest/doctest.h>

#include "kpatch/fp_hash.h"

using namespace kpatch::fp;

TEST_CASE("equal token streams hash equally")
{
    Hasher a, b;
    a.tag(1); a.str("mov"); a.u64(5);
    b.tag(1); b.str("mov"); b.u64(5);
    CHECK(a.finish() == b.finish());
}

TEST_CASE("string boundaries are part of the hash")
{
    Hasher a, b;
    a.str("ab"); a.str("c");
    b.str("a"); b.str("bc");
    CHECK(a.finish() != b.finish());
}

TEST_CASE("a single changed constant changes the hash")
{
    Hasher a, b;
    a.tag(7); a.i64(-1);
    b.tag(7); b.i64(-2);
    CHECK(a.finish() != b.finish());
}

TEST_CASE("hash_bytes is XXH3-64 (known answer for the empty string)")
{
    // XXH3_64bits("", 0) from the xxHash reference.
    CHECK(hash_bytes("") == 0x2D06800538D394C2ULL);
    Hasher h;
    CHECK(h.finish() == hash_bytes(""));
}
