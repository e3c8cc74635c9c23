// SPDX-License-Identifier: GPL-2.0
//
// kallsyms_tables.cc - locate and decode scripts/kallsyms' tables (see
// kallsyms_tables.h for the layout this relies on).
#include "kallsyms_tables.h"

#include <array>
#include <cstring>
#include <string_view>

namespace kpatch::link {
namespace {

constexpr uint64_t kAlign = 8;          // ALGN of write_src() on 64-bit
constexpr uint32_t kMaxSyms = 1u << 24; // seqs_of_names holds 3-byte indices
constexpr uint32_t kMaxTokenStep = 64;  // a token string plus its NUL, generously

uint64_t align_up(uint64_t v) { return (v + kAlign - 1) & ~(kAlign - 1); }

// Bounds-checked little-endian reads over the region.
struct Region {
    std::span<const uint8_t> b;

    bool has(uint64_t off, uint64_t n) const { return off <= b.size() && n <= b.size() - off; }
    template <typename T> T get(uint64_t off) const
    {
        T v{};
        std::memcpy(&v, b.data() + off, sizeof(T));
        return v;
    }
    // Length of the NUL-terminated string at off, or nullopt if unterminated.
    std::optional<uint64_t> strlen_at(uint64_t off) const
    {
        const void *nul = std::memchr(b.data() + off, 0, b.size() - off);
        if (!nul)
            return std::nullopt;
        return static_cast<const uint8_t *>(nul) - (b.data() + off);
    }
};

struct Tokens {
    uint64_t table = 0;  // kallsyms_token_table
    std::array<std::string_view, 256> text;
};

// 256 u16 offsets at p, each the previous one plus a token and its NUL.
bool looks_like_token_index(const Region &r, uint64_t p)
{
    if (!r.has(p, 512) || r.get<uint16_t>(p) != 0)
        return false;
    for (uint64_t i = 1; i < 256; i++) {
        uint32_t step = r.get<uint16_t>(p + 2 * i) - r.get<uint16_t>(p + 2 * i - 2);
        if (r.get<uint16_t>(p + 2 * i) <= r.get<uint16_t>(p + 2 * i - 2) || step > kMaxTokenStep)
            return false;
    }
    return true;
}

// The token table that the index at p describes and that ends (aligned) at p.
std::optional<Tokens> token_table_before(const Region &r, uint64_t p)
{
    uint64_t last = r.get<uint16_t>(p + 2 * 255);
    // The last token is 1 to kMaxTokenStep - 1 characters long.
    for (uint64_t back = align_up(last + 2); back <= align_up(last + kMaxTokenStep) && back <= p;
         back += kAlign) {
        uint64_t t = p - back;
        Tokens tok{.table = t, .text = {}};
        bool ok = true;
        for (uint64_t i = 0; i < 256 && ok; i++) {
            uint64_t at = t + r.get<uint16_t>(p + 2 * i);
            std::optional<uint64_t> len = r.strlen_at(at);
            uint64_t want = i < 255 ? r.get<uint16_t>(p + 2 * i + 2) - r.get<uint16_t>(p + 2 * i) - 1
                                    : (len ? *len : 0);
            ok = len && *len == want && want > 0 && (i < 255 || align_up(at + want + 1) == p);
            if (ok)
                tok.text[i] = {reinterpret_cast<const char *>(r.b.data() + at), want};
        }
        if (ok)
            return tok;
    }
    return std::nullopt;
}

std::optional<Tokens> find_tokens(const Region &r)
{
    for (uint64_t p = 0; r.has(p, 512); p += kAlign)
        if (looks_like_token_index(r, p))
            if (std::optional<Tokens> t = token_table_before(r, p))
                return t;
    return std::nullopt;
}

struct Layout {
    uint64_t offsets = 0, relative_base = 0, names = 0, markers = 0;
    uint32_t count = 0;
};

// Walks the length prefixes of n names from `names`; the end offset, or
// nullopt when a marker disagrees or the walk leaves [names, limit).
std::optional<uint64_t> walk_names(const Region &r, uint64_t names, uint32_t n, uint64_t markers,
                                   uint64_t limit)
{
    uint64_t off = 0;
    for (uint32_t i = 0; i < n; i++) {
        if ((i & 0xff) == 0 && r.get<uint32_t>(markers + 4 * (i >> 8)) != off)
            return std::nullopt;
        if (names + off + 2 > limit)
            return std::nullopt;
        uint32_t len = r.b[names + off];
        off++;
        if (len & 0x80) {
            len = (len & 0x7f) | (uint32_t{r.b[names + off]} << 7);
            off++;
        }
        if (len == 0)
            return std::nullopt;
        off += len;
    }
    return names + off <= limit ? std::optional(names + off) : std::nullopt;
}

// kallsyms_num_syms at x, if every table after it fits exactly before the tokens.
std::optional<Layout> layout_at(const Region &r, uint64_t x, uint64_t tokens)
{
    uint32_t n = r.get<uint32_t>(x);
    if (n < 256 || n > kMaxSyms)
        return std::nullopt;
    uint64_t m = (n + 255) / 256;
    uint64_t names = x + kAlign;
    if (names + 2ull * n + align_up(4 * m) + align_up(3ull * n) > tokens)
        return std::nullopt;
    uint64_t markers = tokens - align_up(3ull * n) - align_up(4 * m);
    if (r.get<uint32_t>(markers) != 0)
        return std::nullopt;
    for (uint64_t i = 1; i < m; i++)
        if (r.get<uint32_t>(markers + 4 * i) <= r.get<uint32_t>(markers + 4 * i - 4))
            return std::nullopt;
    std::optional<uint64_t> end = walk_names(r, names, n, markers, markers);
    if (!end || align_up(*end) != markers || x < kAlign + align_up(4ull * n))
        return std::nullopt;
    return Layout{.offsets = x - kAlign - align_up(4ull * n), .relative_base = x - kAlign,
                  .names = names, .markers = markers, .count = n};
}

std::optional<Layout> find_layout(const Region &r, uint64_t tokens)
{
    if (tokens < 4 * kAlign)
        return std::nullopt;
    for (uint64_t x = (tokens & ~(kAlign - 1)) - 2 * kAlign; x >= 2 * kAlign; x -= kAlign)
        if (std::optional<Layout> l = layout_at(r, x, tokens))
            return l;
    return std::nullopt;
}

uint64_t address_of(const Region &r, const Layout &l, uint32_t i)
{
    int32_t off = r.get<int32_t>(l.offsets + 4ull * i);
    if (off >= 0)
        return static_cast<uint64_t>(off);
    return r.get<uint64_t>(l.relative_base) - 1 - static_cast<int64_t>(off);
}

std::vector<KallsymsEntry> decode(const Region &r, const Layout &l, const Tokens &t)
{
    std::vector<KallsymsEntry> out(l.count);
    uint64_t at = l.names;
    for (uint32_t i = 0; i < l.count; i++) {
        uint32_t len = r.b[at++];
        if (len & 0x80)
            len = (len & 0x7f) | (uint32_t{r.b[at++]} << 7);
        std::string full;
        for (uint32_t k = 0; k < len; k++)
            full += t.text[r.b[at + k]];
        at += len;
        out[i].type = full.empty() ? 0 : full[0];
        out[i].name = full.empty() ? full : full.substr(1);
        out[i].addr = address_of(r, l, i);
    }
    return out;
}

// scripts/kallsyms sorts by address: a decode that is not sorted is not kallsyms.
bool sorted(const std::vector<KallsymsEntry> &e)
{
    for (size_t i = 1; i < e.size(); i++)
        if (e[i].addr < e[i - 1].addr)
            return false;
    return true;
}

}  // namespace

std::optional<std::vector<KallsymsEntry>> decode_kallsyms_tables(std::span<const uint8_t> rodata)
{
    Region r{rodata};
    std::optional<Tokens> tokens = find_tokens(r);
    if (!tokens)
        return std::nullopt;
    std::optional<Layout> layout = find_layout(r, tokens->table);
    if (!layout)
        return std::nullopt;
    std::vector<KallsymsEntry> entries = decode(r, *layout, *tokens);
    if (!sorted(entries))
        return std::nullopt;
    return entries;
}

}  // namespace kpatch::link
