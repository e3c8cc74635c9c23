// SPDX-License-Identifier: GPL-2.0
//
// error.h - the one error type of lib/elf: any problem with an input
// object or file; what() names the file.
#pragma once

#include <stdexcept>

namespace kpatch::elf {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace kpatch::elf
