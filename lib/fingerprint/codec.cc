// SPDX-License-Identifier: GPL-2.0
//
// codec.cc - encode()/decode() of the record layout documented in
// include/kpatch/fingerprint.h.  Decoding is bounds-checked throughout and
// reports the byte offset of the first problem; it never trusts a length
// it has not checked against the remaining input.
#include "kpatch/fingerprint.h"

#include <fmt/format.h>

namespace kpatch::fp {
namespace {

constexpr size_t kHeaderSize = 12;  // magic, version, payload size

class Writer {
public:
    void u8(uint8_t v) { out_.push_back(v); }
    void u32(uint32_t v)
    {
        for (int i = 0; i < 4; i++)
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    void u64(uint64_t v)
    {
        for (int i = 0; i < 8; i++)
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    void uleb(uint64_t v)
    {
        do {
            uint8_t b = v & 0x7f;
            v >>= 7;
            out_.push_back(v ? (b | 0x80) : b);
        } while (v);
    }
    void str(std::string_view s)
    {
        uleb(s.size());
        out_.insert(out_.end(), s.begin(), s.end());
    }
    std::vector<uint8_t> &bytes() { return out_; }

private:
    std::vector<uint8_t> out_;
};

class Reader {
public:
    Reader(std::span<const uint8_t> in, size_t base) : in_(in), base_(base) {}

    uint8_t u8()
    {
        need(1, "byte");
        return in_[pos_++];
    }
    uint32_t u32()
    {
        need(4, "32-bit field");
        uint32_t v = 0;
        for (int i = 0; i < 4; i++)
            v |= uint32_t(in_[pos_++]) << (8 * i);
        return v;
    }
    uint64_t u64()
    {
        need(8, "64-bit field");
        uint64_t v = 0;
        for (int i = 0; i < 8; i++)
            v |= uint64_t(in_[pos_++]) << (8 * i);
        return v;
    }
    uint64_t uleb()
    {
        uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            uint8_t b = u8();
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        fail("LEB128 number longer than 64 bits");
    }
    std::string str()
    {
        uint64_t n = uleb();
        need(n, "string");
        std::string s(reinterpret_cast<const char *>(in_.data() + pos_), n);
        pos_ += n;
        return s;
    }
    // A count of items that each take at least `min_size` bytes: bounded by
    // the remaining input so corrupt counts cannot make us allocate wildly.
    size_t count(size_t min_size, const char *what)
    {
        uint64_t n = uleb();
        if (n > (in_.size() - pos_) / min_size)
            fail(fmt::format("{} count {} exceeds the remaining {} bytes", what, n,
                             in_.size() - pos_));
        return n;
    }
    template <typename E>
    E enumeration(E last, const char *what)
    {
        uint8_t v = u8();
        if (v > static_cast<uint8_t>(last))
            fail(fmt::format("invalid {} value {}", what, v));
        return static_cast<E>(v);
    }
    bool at_end() const { return pos_ == in_.size(); }
    size_t pos() const { return pos_; }

    [[noreturn]] void fail(const std::string &what) const
    {
        throw Error(Diagnostic{.section = std::string(kFingerprintSection),
                               .what = fmt::format("record at offset {:#x}: {}", base_ + pos_,
                                                   what)});
    }

private:
    void need(uint64_t n, const char *what) const
    {
        if (n > in_.size() - pos_)
            fail(fmt::format("truncated {} ({} bytes needed, {} left)", what, n,
                             in_.size() - pos_));
    }

    std::span<const uint8_t> in_;
    size_t base_;
    size_t pos_ = 0;
};

void put_function(Writer &w, const FunctionRecord &f)
{
    w.str(f.symbol);
    w.str(f.canonical);
    w.str(f.section);
    w.u8(static_cast<uint8_t>(f.binding));
    w.u8(static_cast<uint8_t>(f.clone_kind));
    w.str(f.clone_of);
    w.u64(f.rtl_hash);
    w.u64(f.gimple_hash);
    w.u8((f.has_fentry ? 1 : 0) | (f.is_init ? 2 : 0));
    w.uleb(f.inlined.size());
    for (const auto &c : f.inlined) {
        w.str(c.canonical);
        w.u64(c.gimple_hash);
    }
    w.uleb(f.references.size());
    for (const auto &r : f.references) {
        w.str(r.name);
        w.u8(static_cast<uint8_t>(r.binding));
        w.u8(r.is_function ? 1 : 0);
    }
}

void put_variable(Writer &w, const VariableRecord &v)
{
    w.str(v.symbol);
    w.str(v.canonical);
    w.str(v.section);
    w.u8(static_cast<uint8_t>(v.binding));
    w.uleb(v.size);
    w.u64(v.init_hash);
    w.str(v.static_local_owner);
    w.u8(v.is_read_only ? 1 : 0);
}

FunctionRecord get_function(Reader &r)
{
    FunctionRecord f;
    f.symbol = r.str();
    f.canonical = r.str();
    f.section = r.str();
    f.binding = r.enumeration(Binding::Weak, "binding");
    f.clone_kind = r.enumeration(CloneKind::Other, "clone kind");
    f.clone_of = r.str();
    f.rtl_hash = r.u64();
    f.gimple_hash = r.u64();
    uint8_t flags = r.u8();
    f.has_fentry = flags & 1;
    f.is_init = flags & 2;
    f.inlined.resize(r.count(9, "inlined callee"));
    for (auto &c : f.inlined) {
        c.canonical = r.str();
        c.gimple_hash = r.u64();
    }
    f.references.resize(r.count(3, "reference"));
    for (auto &ref : f.references) {
        ref.name = r.str();
        ref.binding = r.enumeration(Binding::Weak, "binding");
        ref.is_function = r.u8() & 1;
    }
    return f;
}

VariableRecord get_variable(Reader &r)
{
    VariableRecord v;
    v.symbol = r.str();
    v.canonical = r.str();
    v.section = r.str();
    v.binding = r.enumeration(Binding::Weak, "binding");
    v.size = r.uleb();
    v.init_hash = r.u64();
    v.static_local_owner = r.str();
    v.is_read_only = r.u8() & 1;
    return v;
}

TranslationUnit get_payload(Reader &r, uint32_t version)
{
    TranslationUnit tu;
    tu.format_version = version;
    tu.gcc_version = r.str();
    tu.source = r.str();
    uint8_t flags = r.u8();
    tu.function_sections = flags & 1;
    tu.data_sections = flags & 2;
    tu.functions.resize(r.count(30, "function"));
    for (auto &f : tu.functions)
        f = get_function(r);
    tu.variables.resize(r.count(14, "variable"));
    for (auto &v : tu.variables)
        v = get_variable(r);
    if (!r.at_end())
        r.fail("bytes left over after the last variable");
    return tu;
}

// Decodes the record at the start of `bytes`; returns its total size.
size_t decode_one(std::span<const uint8_t> bytes, size_t base, TranslationUnit &tu)
{
    Reader hdr(bytes.first(std::min(bytes.size(), kHeaderSize)), base);
    std::string magic;
    for (size_t i = 0; i < kMagic.size(); i++)
        magic.push_back(static_cast<char>(hdr.u8()));
    if (magic != kMagic)
        hdr.fail(fmt::format("bad magic (not a kpatch fingerprint record)"));
    uint32_t version = hdr.u32();
    if (version != kFormatVersion)
        throw Error(Diagnostic{
            .section = std::string(kFingerprintSection),
            .what = fmt::format("record at offset {:#x} has format version {}, this tool reads "
                                "version {}",
                                base, version, kFormatVersion),
            .todo = "rebuild the object with the kpatch.so that matches this tool"});
    uint32_t size = hdr.u32();
    if (size > bytes.size() - kHeaderSize)
        hdr.fail(fmt::format("payload of {} bytes truncated to {}", size,
                             bytes.size() - kHeaderSize));
    Reader body(bytes.subspan(kHeaderSize, size), base + kHeaderSize);
    tu = get_payload(body, version);
    return kHeaderSize + size;
}

}  // namespace

std::vector<uint8_t> encode(const TranslationUnit &tu)
{
    Writer payload;
    payload.str(tu.gcc_version);
    payload.str(tu.source);
    payload.u8((tu.function_sections ? 1 : 0) | (tu.data_sections ? 2 : 0));
    payload.uleb(tu.functions.size());
    for (const auto &f : tu.functions)
        put_function(payload, f);
    payload.uleb(tu.variables.size());
    for (const auto &v : tu.variables)
        put_variable(payload, v);

    Writer out;
    for (char c : kMagic)
        out.u8(static_cast<uint8_t>(c));
    out.u32(kFormatVersion);
    out.u32(static_cast<uint32_t>(payload.bytes().size()));
    out.bytes().insert(out.bytes().end(), payload.bytes().begin(), payload.bytes().end());
    return std::move(out.bytes());
}

TranslationUnit decode(std::span<const uint8_t> bytes)
{
    TranslationUnit tu;
    size_t used = decode_one(bytes, 0, tu);
    if (used != bytes.size())
        throw Error(Diagnostic{.section = std::string(kFingerprintSection),
                               .what = fmt::format("{} bytes after the record",
                                                   bytes.size() - used),
                               .todo = "use decode_all() for sections that hold several "
                                       "records"});
    return tu;
}

std::vector<TranslationUnit> decode_all(std::span<const uint8_t> bytes)
{
    std::vector<TranslationUnit> units;
    size_t pos = 0;
    while (pos < bytes.size()) {
        TranslationUnit tu;
        pos += decode_one(bytes.subspan(pos), pos, tu);
        units.push_back(std::move(tu));
    }
    return units;
}

}  // namespace kpatch::fp
