// SPDX-License-Identifier: GPL-2.0
//
// symvers.h - which symbols the module loader can resolve: the exports
// listed in the target kernel's Module.symvers.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace kpatch::link {

class Symvers {
public:
    // An empty path means "nothing is exported": every external reference
    // then becomes a dynamic relocation.  Throws Error on unreadable input.
    static Symvers load(const std::string &path);
    static Symvers parse(std::string_view text, const std::string &name);

    bool is_exported(std::string_view symbol) const;
    // "vmlinux" or the module path that exports symbol; "" if not exported.
    std::string_view exporter(std::string_view symbol) const;

private:
    std::unordered_map<std::string, std::string> exports_;
};

}  // namespace kpatch::link
