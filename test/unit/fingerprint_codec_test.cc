// SPDX-License-Identifier: GPL-2.0
// Tests for lib/fingerprint/codec.cc: round trip, concatenated records,
// and every refusal decode() promises (version, magic, truncation).
#include <doctest/doctest.h>

#include "kpatch/fingerprint.h"

using namespace kpatch::fp;
using kpatch::Error;

namespace {

TranslationUnit sample()
{
    TranslationUnit tu;
    tu.gcc_version = "12.2.0";
    tu.source = "fs/proc/version.c";
    tu.function_sections = true;
    FunctionRecord f;
    f.symbol = "foo.isra.0";
    f.canonical = "foo.isra";
    f.section = ".text.foo.isra.0";
    f.binding = Binding::Local;
    f.clone_kind = CloneKind::Isra;
    f.clone_of = "foo";
    f.rtl_hash = 0x0123456789abcdefULL;
    f.gimple_hash = 0xfedcba9876543210ULL;
    f.inlined = {{"helper", 42}, {"other", 0}};
    f.references = {{"printk", Binding::Global, true}, {"foo::count", Binding::Local, false}};
    f.has_fentry = true;
    tu.functions.push_back(f);
    VariableRecord v;
    v.symbol = "count.3";
    v.canonical = "foo::count";
    v.section = ".bss.count.3";
    v.binding = Binding::Local;
    v.size = 300;  // more than one LEB128 byte
    v.static_local_owner = "foo";
    tu.variables.push_back(v);
    return tu;
}

}  // namespace

TEST_CASE("encode/decode round trip keeps every field")
{
    TranslationUnit tu = sample();
    auto bytes = encode(tu);
    CHECK(decode(bytes) == tu);
}

TEST_CASE("empty translation unit round trips")
{
    TranslationUnit tu;
    CHECK(decode(encode(tu)) == tu);
}

TEST_CASE("decode_all reads records concatenated by ld -r")
{
    TranslationUnit a = sample();
    TranslationUnit b;
    b.source = "b.c";
    auto bytes = encode(a);
    auto more = encode(b);
    bytes.insert(bytes.end(), more.begin(), more.end());
    auto units = decode_all(bytes);
    REQUIRE(units.size() == 2);
    CHECK(units[0] == a);
    CHECK(units[1] == b);
    CHECK_THROWS_WITH_AS(decode(bytes), doctest::Contains("bytes after the record"), Error);
}

TEST_CASE("other format versions are refused, naming both versions")
{
    auto bytes = encode(sample());
    bytes[4] = kFormatVersion + 1;
    std::string expected = "has format version " + std::to_string(kFormatVersion + 1) +
                           ", this tool reads version " + std::to_string(kFormatVersion);
    CHECK_THROWS_WITH_AS(decode(bytes), doctest::Contains(expected.c_str()), Error);
}

TEST_CASE("bad magic is refused")
{
    auto bytes = encode(sample());
    bytes[0] = 'X';
    CHECK_THROWS_WITH_AS(decode(bytes), doctest::Contains("bad magic"), Error);
}

TEST_CASE("every truncation is refused, never read past the end")
{
    auto bytes = encode(sample());
    for (size_t n = 0; n < bytes.size(); n++) {
        std::span<const uint8_t> cut(bytes.data(), n);
        CHECK_THROWS_AS(decode(cut), Error);
    }
}

TEST_CASE("a payload size that lies is refused")
{
    auto bytes = encode(sample());
    // Shrink the declared payload: the parser then runs out inside it.
    bytes[8] -= 1;
    CHECK_THROWS_AS(decode_all(bytes), Error);
    // Inflate a string length inside the payload beyond the payload end.
    auto more = encode(sample());
    more[12] = 0xff;
    more[13] = 0x7f;
    CHECK_THROWS_WITH_AS(decode(more), doctest::Contains("truncated"), Error);
}

TEST_CASE("an absurd element count is refused before allocating")
{
    TranslationUnit tu;
    auto bytes = encode(tu);
    // payload: str "" (1 byte), str "" (1 byte), flags, function count.
    size_t count_at = 12 + 3;
    REQUIRE(bytes[count_at] == 0);
    bytes[count_at] = 0xff;
    bytes.insert(bytes.begin() + count_at + 1, {0xff, 0xff, 0x0f});
    bytes[8] += 3;
    CHECK_THROWS_WITH_AS(decode(bytes), doctest::Contains("function count"), Error);
}
