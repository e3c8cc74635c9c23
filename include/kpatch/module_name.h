// SPDX-License-Identifier: GPL-2.0
//
// module_name.h - how the kernel names a module file, the one rule for the
// kpatch command, kpatch-build and the linker: the file name without its
// directory and without ".ko" (and a compression suffix after it), with
// '-' read as '_' (kbuild's KBUILD_MODNAME: "kpatch-fix.ko" loads as
// kpatch_fix, Module.symvers says "fs/nfsd/nfsd").
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace kpatch {

inline std::string module_name(std::string_view name_or_path)
{
    std::string n(name_or_path.substr(name_or_path.find_last_of('/') + 1));  // npos + 1 == 0
    if (size_t ko = n.rfind(".ko"); ko != std::string::npos && ko > 0 &&
                                    (ko + 3 == n.size() || n[ko + 3] == '.'))
        n.resize(ko);
    std::replace(n.begin(), n.end(), '-', '_');
    return n;
}

}  // namespace kpatch
