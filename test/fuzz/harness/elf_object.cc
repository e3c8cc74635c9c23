// SPDX-License-Identifier: GPL-2.0
//
// elf_object.cc - libFuzzer harness for lib/elf's reader: any byte string
// is either refused with kpatch::Error or yields an Object whose spans and
// indices every query below may use without further checks (the contract
// of object.h).  ASan/UBSan report what the contract misses.
#include "elf/object.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

// Touch everything object.h promises is in range.
void walk(const kpatch::elf::Object &o)
{
    size_t sum = 0;
    for (const auto &sec : o.sections()) {
        for (uint8_t b : sec.data)
            sum += b;
        for (const auto &r : sec.relas) {
            const auto &sym = o.symbol(r.symbol);
            sum += sym.name.size();
            if (!sec.data.empty() && r.offset < sec.data.size())
                sum += sec.data[r.offset];
        }
        o.find_section_symbol(sec.index);
        o.symbols_in_section(sec.index);
    }
    for (const auto &sym : o.symbols()) {
        sum += sym.name.size();
        if (sym.is_defined()) {
            const auto &sec = o.section(sym.shndx);
            o.find_symbol_containing(sym.shndx, sym.value);
            if (!sec.data.empty() && sym.size)
                sum += sec.data[sym.value + sym.size - 1];  // the symbol's last byte
        }
    }
    o.find_section_by_name(".text");
    o.find_symbol_by_name("main");
    volatile size_t sink = sum;
    (void)sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        auto o = kpatch::elf::Object::from_bytes("fuzz.o", std::vector<uint8_t>(data, data + size));
        walk(o);
    } catch (const kpatch::Error &) {
    }
    return 0;
}
