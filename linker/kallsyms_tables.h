// SPDX-License-Identifier: GPL-2.0
//
// kallsyms_tables.h - find and decode the tables scripts/kallsyms (6.1)
// writes into a stripped vmlinux's .rodata, with no symbol telling where.
//
// write_src() emits, each label 8-aligned: kallsyms_offsets (s32 x N),
// kallsyms_relative_base (u64), kallsyms_num_syms (u32), kallsyms_names
// (length-prefixed token strings), kallsyms_markers (u32 per 256 names),
// kallsyms_seqs_of_names (3 bytes x N), kallsyms_token_table (256
// strings), kallsyms_token_index (256 u16).  The token index is found
// first (256 offsets, each the end of the previous token string), then
// kallsyms_num_syms by walking back until a count makes every later table
// fit exactly: names that end where the markers start, markers that match
// the walk, name sequences that end where the token table starts.  A
// region that does not decode completely is refused, not half-read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kernel_image.h"

namespace kpatch::link {

// The tables inside `rodata` (its start must be 8-aligned in the image),
// decoded; nullopt when they are not there.  Addresses follow
// CONFIG_KALLSYMS_ABSOLUTE_PERCPU: a non-negative offset is absolute, a
// negative one counts down from relative_base - 1.
std::optional<std::vector<KallsymsEntry>> decode_kallsyms_tables(std::span<const uint8_t> rodata);

}  // namespace kpatch::link
