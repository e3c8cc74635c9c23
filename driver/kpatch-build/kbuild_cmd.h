// SPDX-License-Identifier: GPL-2.0
//
// kbuild_cmd.h - read what kbuild recorded about one object in its
// dir/.file.o.cmd file: the compile command, the source, and the deps_
// list fixdep wrote (every header the unit included).  From the command:
// whether the object was compiled for a module (-DMODULE) and for which
// (KBUILD_MODNAME).  Does not run kbuild.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kpatch::build {

struct KbuildCmd {
    std::string command;              // cmd_<obj> := ...
    std::string source;               // source_<obj> := ...
    std::vector<std::string> deps;    // headers, as written (relative to the tree)
    bool is_module = false;
    std::string modname;              // KBUILD_MODNAME, e.g. "nls_cp437"
};

KbuildCmd parse_kbuild_cmd(std::string_view text);

// dir/file.o -> dir/.file.o.cmd
std::filesystem::path cmd_file_for(const std::filesystem::path &object);

}  // namespace kpatch::build
