// SPDX-License-Identifier: GPL-2.0
//
// release_match.cc - see release_match.h.
#include "release_match.h"

#include "core_module.h"
#include "error.h"
#include "util.h"

#include "elf/object.h"

#include <fmt/core.h>

#include <sstream>

namespace kpatch::build {
namespace {

// The export kpatch.ko is linked against by every kpatch-format patch
// module (kmod/patch/kpatch-patch.c).
constexpr const char *kCoreExport = "kpatch_register";

}  // namespace

std::string headers_release(const fs::path &headers)
{
    fs::path h = headers / "include" / "generated" / "utsrelease.h";
    if (!fs::is_regular_file(h))
        return {};
    std::string text = read_file(h);
    const std::string key = "#define UTS_RELEASE \"";
    size_t at = text.find(key);
    if (at == std::string::npos)
        return {};
    at += key.size();
    size_t end = text.find('"', at);
    return end == std::string::npos ? std::string() : text.substr(at, end - at);
}

void check_headers_release(const fs::path &headers, const std::string &release)
{
    std::string theirs = headers_release(headers);
    if (!theirs.empty() && theirs != release)
        throw Error("{}: the headers are for {}, not {}: a patch module built against them "
                    "would not fit the target; reinstall linux-headers-{}",
                    (headers / "include" / "generated" / "utsrelease.h").string(), theirs,
                    release, release);
}

std::optional<uint32_t> symvers_crc(const fs::path &symvers, const std::string &symbol)
{
    std::istringstream in(read_file(symvers));
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string crc, name;
        if (fields >> crc >> name && name == symbol)
            return static_cast<uint32_t>(std::stoul(crc, nullptr, 16));
    }
    return std::nullopt;
}

std::optional<uint32_t> module_crc(const fs::path &ko, const std::string &symbol)
{
    try {
        elf::Object obj = elf::Object::open(ko.string());
        const elf::Symbol *s = obj.find_symbol_by_name("__crc_" + symbol);
        if (!s || !s->is_defined())
            return std::nullopt;
        const elf::Section &sec = obj.section(s->shndx);
        if (s->value + 4 > sec.data.size())
            return std::nullopt;
        const uint8_t *p = sec.data.data() + s->value;
        return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    } catch (const kpatch::Error &e) {
        throw Error("{}", e.what());
    }
}

void check_core_release(const fs::path &ko, const fs::path &symvers, const std::string &release,
                        const std::string &remedy)
{
    std::string built_for = module_release(ko);
    if (built_for != release)
        throw Error("{}: the core module was built for {}, the patch targets {}: a patch "
                    "module needs the kpatch.ko of its own release; {}",
                    ko.string(), built_for.empty() ? "no release (no vermagic)" : built_for,
                    release, remedy);
    std::optional<uint32_t> listed = symvers_crc(symvers, kCoreExport);
    if (!listed)
        throw Error("{}: lists no {}, so it is not the Module.symvers of {}; {}",
                    symvers.string(), kCoreExport, ko.string(), remedy);
    std::optional<uint32_t> carried = module_crc(ko, kCoreExport);
    if (carried && *carried != *listed)
        throw Error("{}: {} has CRC {:#010x} there but {:#010x} in {}: the two were not built "
                    "together, and a patch module linked against this Module.symvers would "
                    "not load beside this kpatch.ko; {}",
                    symvers.string(), kCoreExport, *listed, *carried, ko.string(), remedy);
}

}  // namespace kpatch::build
