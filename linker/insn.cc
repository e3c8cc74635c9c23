// SPDX-License-Identifier: GPL-2.0
//
// insn.cc - instruction ends for PC-relative relocations (see insn.h).
#include "insn.h"

#include <Zydis/Zydis.h>

#include <algorithm>
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

}  // namespace

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
