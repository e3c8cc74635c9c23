// SPDX-License-Identifier: GPL-2.0
//
// symvers.cc - parse Module.symvers: "0xCRC<TAB>symbol<TAB>module<TAB>
// EXPORT_SYMBOL[_GPL]<TAB>namespace" per line.
#include "symvers.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <cstdint>
#include <vector>

#include <kpatch/module_name.h>
#include <fmt/core.h>

#include "elf/files.h"
#include "link.h"

namespace kpatch::link {

Symvers Symvers::load(const std::string &path)
{
    if (path.empty())
        return {};
    std::vector<uint8_t> bytes;
    try {
        bytes = elf::read_input(path);
    } catch (const Error &e) {
        throw e.with_todo("pass the target kernel's Module.symvers "
                          "(/usr/src/linux-headers-<release>/Module.symvers) with --symvers");
    }
    // An empty file would read as "nothing is exported": every reference
    // a dynamic relocation, a module that still builds.  Say so instead.
    if (bytes.empty())
        throw Error(fmt::format("{}: empty Module.symvers; pass the target kernel's "
                                "(/usr/src/linux-headers-<release>/Module.symvers)", path));
    return parse(std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()),
                 path);
}

Symvers Symvers::parse(std::string_view text, const std::string &name)
{
    Symvers sv;
    size_t lineno = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        lineno++;
        if (line.empty())
            continue;
        size_t t1 = line.find('\t');
        size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
        size_t t3 = t2 == std::string_view::npos ? t2 : line.find('\t', t2 + 1);
        if (t2 == std::string_view::npos || !line.starts_with("0x"))
            throw Error(fmt::format("{}:{}: not a Module.symvers line", name, lineno));
        std::string sym(line.substr(t1 + 1, t2 - t1 - 1));
        std::string mod(line.substr(t2 + 1, t3 == std::string_view::npos ? t3 : t3 - t2 - 1));
        sv.exports_.emplace(std::move(sym), std::move(mod));
    }
    return sv;
}

std::string_view Symvers::exporter(std::string_view symbol) const
{
    auto it = exports_.find(std::string(symbol));
    return it == exports_.end() ? std::string_view{} : std::string_view(it->second);
}

bool Symvers::is_vmlinux_export(std::string_view symbol) const
{
    return exporter(symbol) == "vmlinux";
}

std::string Symvers::exporting_module(std::string_view symbol) const
{
    std::string_view path = exporter(symbol);
    if (path.empty() || path == "vmlinux")
        return {};
    return module_name(path);
}

}  // namespace kpatch::link
