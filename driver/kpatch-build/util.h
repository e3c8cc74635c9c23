// SPDX-License-Identifier: GPL-2.0
//
// util.h - small file, string and hashing helpers shared by the phases.
// Nothing kernel- or kbuild-specific lives here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kpatch::build {

namespace fs = std::filesystem;

std::string read_file(const fs::path &path);          // throws Error
// temp + fsync + rename: readers (other runs) and a power loss see the old
// or the new file, never a part.
void write_file_atomic(const fs::path &path, std::string_view data);
void copy_file_atomic(const fs::path &from, const fs::path &to);
// fsync(2) a file or directory: what a crash journal needs before it is
// relied on (throws Error).
void sync_to_disk(const fs::path &path);
// syncfs(2) of the filesystem holding path: before a stamp that vouches
// for thousands of files (a prepared tree).
void sync_filesystem(const fs::path &path);

std::string trim(std::string_view s);
std::vector<std::string> split_lines(std::string_view s);
std::vector<std::string> split_words(std::string_view s);
bool contains(const std::vector<std::string> &items, std::string_view item);

// FNV-1a, 64 bit: stable across builds and machines (cache keys).
uint64_t fnv1a(std::string_view data, uint64_t seed = 0xcbf29ce484222325ULL);
std::string hex64(uint64_t v);

// ${XDG_CACHE_HOME:-~/.cache}/kpatch
fs::path cache_root();

// Whether stderr is a terminal (progress lines are redrawn only there).
bool stderr_is_tty();

}  // namespace kpatch::build
