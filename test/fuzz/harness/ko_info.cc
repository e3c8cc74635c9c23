// SPDX-License-Identifier: GPL-2.0
//
// ko_info.cc - libFuzzer harness for `kpatch info`'s module reader
// (driver/kpatch/ko_file.cc) and its JSON output: any byte string is read
// or refused with an exception, and whatever is read prints as JSON
// (names need not be UTF-8).
#include "json_out.h"
#include "ko_file.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kpatch::cli;
    try {
        KoInfo info = parse_ko("fuzz.ko", std::vector<uint8_t>(data, data + size));
        volatile size_t n = dump_json(info_json(info)).size();
        (void)n;
    } catch (const std::runtime_error &) {
        // lib/elf's Error and ko_file's refusals; anything else escapes
        // and libFuzzer reports it as a crash.
    }
    return 0;
}
