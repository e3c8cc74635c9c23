// SPDX-License-Identifier: GPL-2.0
//
// insn.cc - instruction ends for PC-relative relocations (see insn.h).
#include "insn.h"

#include <Zydis/Zydis.h>

#include <algorithm>
#include <optional>
#include <set>
#include <span>

#include "special.h"

namespace kpatch::link {
namespace {

constexpr FieldBias kUndecoded{4, 8};

const ZydisDecoder &decoder()
{
    static const ZydisDecoder d = [] {
        ZydisDecoder z;
        ZydisDecoderInit(&z, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
        return z;
    }();
    return d;
}

// The length of the instruction at `data`, 0 if it does not decode.
uint64_t insn_length(const uint8_t *data, size_t size)
{
    ZydisDecodedInstruction insn;
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder(), nullptr, data, size, &insn)))
        return 0;
    return insn.length;
}

// The PC-relative field of an instruction, if it has one: a relative
// immediate (call, jmp, jcc, loop) or a RIP-relative displacement
// (ModRM mod 0, rm 5 in 64-bit mode: no base register, no SIB).
std::optional<ResolvedRef> pcrel_field(const ZydisDecodedInstruction &insn)
{
    for (const auto &imm : insn.raw.imm)
        if (imm.is_relative && imm.size)
            return ResolvedRef{imm.offset, imm.size / 8u, static_cast<uint64_t>(imm.value.s),
                               uint64_t(insn.length - imm.offset), 0};
    if ((insn.attributes & ZYDIS_ATTRIB_HAS_MODRM) && insn.raw.modrm.mod == 0 &&
        insn.raw.modrm.rm == 5 && insn.raw.disp.size)
        return ResolvedRef{insn.raw.disp.offset, insn.raw.disp.size / 8u,
                           static_cast<uint64_t>(insn.raw.disp.value),
                           uint64_t(insn.length - insn.raw.disp.offset), 0};
    return std::nullopt;
}

}  // namespace

std::optional<std::vector<ResolvedRef>> CodeMap::resolved_refs(uint32_t shndx, uint64_t begin,
                                                               uint64_t end) const
{
    auto all = resolved_fields(shndx, begin, end);
    if (all)
        std::erase_if(*all, [&](const ResolvedRef &r) { return r.target >= begin && r.target < end; });
    return all;
}

std::optional<std::vector<ResolvedRef>> CodeMap::resolved_fields(uint32_t shndx, uint64_t begin,
                                                                 uint64_t end) const
{
    const elf::Section &sec = obj_.section(shndx);
    std::set<uint64_t> relocated;
    for (const elf::Rela &r : sec.relas)
        for (uint64_t b = 0; b < rela_width(r.type); b++)
            relocated.insert(r.offset + b);
    const std::vector<uint64_t> &s = starts(shndx);
    auto it = std::lower_bound(s.begin(), s.end(), begin);
    if (it == s.end() || *it != begin)
        return std::nullopt;
    std::vector<ResolvedRef> out;
    uint64_t at = begin;
    for (; it != s.end() && *it < end; ++it) {
        at = *it;
        ZydisDecodedInstruction insn;
        if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder(), nullptr, sec.data.data() + at,
                                                        sec.data.size() - at, &insn)))
            return std::nullopt;
        std::optional<ResolvedRef> f = pcrel_field(insn);
        at += insn.length;
        if (!f || relocated.contains(*it + f->offset))
            continue;
        // A field's value counts from the end of the instruction (at).
        uint64_t target = at + f->target;
        out.push_back({*it + f->offset, f->width, target, f->bias, *it});
    }
    if (at != end)
        return std::nullopt;
    return out;
}

const std::vector<uint64_t> &CodeMap::starts(uint32_t shndx) const
{
    auto [it, fresh] = starts_.try_emplace(shndx);
    if (!fresh)
        return it->second;
    std::span<const uint8_t> data = obj_.section(shndx).data;
    for (uint64_t at = 0; at < data.size();) {
        uint64_t len = insn_length(data.data() + at, data.size() - at);
        if (len == 0)
            break;
        it->second.push_back(at);
        at += len;
    }
    return it->second;
}

FieldBias CodeMap::bias(uint32_t shndx, const elf::Rela &r) const
{
    const elf::Section &sec = obj_.section(shndx);
    if (!sec.is_text() || !rela_is_pcrel(r.type) || sec.is_nobits())
        return {};
    const std::vector<uint64_t> &s = starts(shndx);
    auto next = std::upper_bound(s.begin(), s.end(), r.offset);
    if (next == s.begin())
        return kUndecoded;
    uint64_t start = *std::prev(next);
    uint64_t end = next != s.end() ? *next
                                   : start + insn_length(sec.data.data() + start,
                                                         sec.data.size() - start);
    uint64_t width = rela_width(r.type);
    // The field must lie inside the instruction, not run past its end.
    if (end <= start || r.offset + width > end)
        return kUndecoded;
    uint64_t b = end - r.offset;
    return {b, b};
}

}  // namespace kpatch::link
