// SPDX-License-Identifier: GPL-2.0
//
// commands.h - the kpatch-fp subcommands.  Each writes its report to
// `out` and throws kpatch::Error for unreadable input.
#pragma once

#include <cstdio>
#include <string>

namespace kpatch::fpcli {

// Stable text of every record in `path`, entities sorted by canonical name.
void dump(const std::string &path, std::FILE *out);

// Changes from `orig` to `patched`, one line each; returns the number of
// changed, new or removed entities.
size_t diff(const std::string &orig, const std::string &patched, std::FILE *out);

}  // namespace kpatch::fpcli
