// SPDX-License-Identifier: GPL-2.0
//
// files.h - read a whole input file, refusing what cannot be one; check
// an output path before anything is built for it.
//
// Every tool reads objects, modules and text files that a user named on
// the command line.  A directory, a device (/dev/zero never ends), a FIFO
// or a file larger than any object this project handles is refused here
// with an Error that names the file and says what it is, before a byte is
// allocated.  An output the tools replace (write to a temporary, rename)
// must be a new or a regular file: renaming over /dev/null or a symlink
// would destroy it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kpatch/diagnostic.h"

namespace kpatch::elf {

// Larger than any kernel object, module or Module.symvers (vmlinux.o is
// never read).  A cap that keeps a wrong file from taking all memory.
inline constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

// The bytes of the regular file at path; throws kpatch::Error naming path
// when it is missing, not a regular file, or larger than max_bytes.
std::vector<uint8_t> read_input(const std::string &path, uint64_t max_bytes = kMaxInputBytes);

// The checks of read_input() without the read: exists, readable, regular.
void check_input(const std::string &path);

// Throws kpatch::Error naming path when it exists and is not a regular file
// (a device, a symlink, a directory), or when its directory is missing or
// not writable.  Called before the work and again just before the rename.
void check_output(const std::string &path);

// What kind of file a stat mode is, for messages: "a directory", ...
const char *file_kind(unsigned mode);

}  // namespace kpatch::elf
