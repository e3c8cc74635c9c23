// SPDX-License-Identifier: GPL-2.0
//
// kbuild_cmd.cc - see kbuild_cmd.h.  The format is the one
// scripts/basic/fixdep.c writes: "deps_<obj> := \" followed by one
// dependency per line, each ending in " \", "$(wildcard include/config/X)"
// entries for config symbols, and a blank line at the end.
#include "kbuild_cmd.h"

#include "util.h"

namespace kpatch::build {

KbuildCmd parse_kbuild_cmd(std::string_view text)
{
    KbuildCmd c;
    bool in_deps = false;
    for (const auto &raw : split_lines(text)) {
        if (in_deps) {
            std::string dep = trim(raw);
            if (dep.ends_with("\\"))
                dep = trim(dep.substr(0, dep.size() - 1));
            else
                in_deps = false;
            if (!dep.empty() && !dep.starts_with("$(wildcard"))
                c.deps.push_back(dep);
            continue;
        }
        size_t assign = raw.find(" := ");
        if (assign == std::string::npos)
            continue;
        std::string key = raw.substr(0, assign);
        std::string value = raw.substr(assign + 4);
        if (key.starts_with("cmd_"))
            c.command = value;
        else if (key.starts_with("source_"))
            c.source = trim(value);
        else if (key.starts_with("deps_"))
            in_deps = trim(value) == "\\";
    }
    for (const auto &w : split_words(c.command)) {
        if (w == "-DMODULE")
            c.is_module = true;
        const std::string_view key = "-DKBUILD_MODNAME=";
        if (w.starts_with(key)) {
            std::string v = w.substr(key.size());
            std::erase_if(v, [](char ch) { return ch == '\'' || ch == '"'; });
            c.modname = v;
        }
    }
    return c;
}

std::filesystem::path cmd_file_for(const std::filesystem::path &object)
{
    return object.parent_path() / ("." + object.filename().string() + ".cmd");
}

}  // namespace kpatch::build
