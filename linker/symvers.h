// SPDX-License-Identifier: GPL-2.0
//
// symvers.h - the exports listed in the target kernel's Module.symvers,
// and who exports each: only vmlinux's can stay ordinary relocations of a
// patch module (a module's may come after the patch, see builder.cc).
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

    // "vmlinux" or the module path that exports symbol; "" if not exported.
    std::string_view exporter(std::string_view symbol) const;
    bool is_vmlinux_export(std::string_view symbol) const;
    // The name the kernel knows the exporting module by ("fs/fuse/fuse"
    // -> "fuse", "-" -> "_"); "" for vmlinux's exports and unexported symbols.
    std::string exporting_module(std::string_view symbol) const;

private:
    std::unordered_map<std::string, std::string> exports_;
};

}  // namespace kpatch::link
