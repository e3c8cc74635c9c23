// SPDX-License-Identifier: GPL-2.0
//
// link_input.cc - libFuzzer harness for kpatch-link's input side: the
// input is a patched object, linked against a fixed original (the file
// named by KPATCH_FUZZ_ORIG, a real pair's original from the lit suite;
// without it the input is its own original).  link() must either write
// an object or throw kpatch::Error: never crash, never take all memory
// (libFuzzer's -rss_limit_mb catches a runaway allocation).
//
// link() reads files, so the input is written to a private temporary
// directory first; that costs a little speed, not coverage.
#include "link.h"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path &work_dir()
{
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("kpatch-fuzz-link-" + std::to_string(getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs::path patched = work_dir() / "patched.o";
    {
        std::ofstream out(patched, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
    }
    const char *orig = std::getenv("KPATCH_FUZZ_ORIG");
    kpatch::link::Options opt;
    opt.pairs.push_back({orig && *orig ? orig : patched.string(), patched.string(), "vmlinux", ""});
    opt.output = (work_dir() / "out.o").string();
    opt.kernel_release = "6.1.0-fuzz";
    try {
        kpatch::link::link(opt);
    } catch (const kpatch::Error &) {
    }
    return 0;
}
