// SPDX-License-Identifier: GPL-2.0
//
// release_match.h - whether the files a patch module is built against
// belong to the release it targets: the headers (their UTS_RELEASE), the
// core module kpatch.ko (its vermagic) and the Module.symvers beside it
// (the CRC of kpatch_register it lists, against the one kpatch.ko
// carries).  A patch module linked against another release's exports
// does not load, or loads with the wrong CRCs: said here, before any
// compile, with the file and what to do.  Reads only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kpatch::build {

// UTS_RELEASE of HEADERS/include/generated/utsrelease.h; "" when the
// file is missing or does not say.
std::string headers_release(const std::filesystem::path &headers);

// Throws Error when the headers say another release than `release`.
void check_headers_release(const std::filesystem::path &headers, const std::string &release);

// The CRC Module.symvers lists for symbol; nullopt when it lists no such
// symbol.
std::optional<uint32_t> symvers_crc(const std::filesystem::path &symvers,
                                    const std::string &symbol);

// The CRC a module carries for its export symbol (__crc_SYMBOL in its
// __kcrctab sections); nullopt when it has none (no CONFIG_MODVERSIONS).
std::optional<uint32_t> module_crc(const std::filesystem::path &ko, const std::string &symbol);

// Throws Error unless kpatch.ko was built for `release` and symvers is
// the Module.symvers built with it.  remedy: what the user can do, ending
// the message ("remove DIR; kpatch-build builds it again").
void check_core_release(const std::filesystem::path &ko, const std::filesystem::path &symvers,
                        const std::string &release, const std::string &remedy);

}  // namespace kpatch::build
