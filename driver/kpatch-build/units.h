// SPDX-License-Identifier: GPL-2.0
//
// units.h - from the files a patch touches to the translation units to
// rebuild.  A touched .c file is a unit.  A touched header's units are the
// .c files that include it, directly or through other headers: taken from
// kbuild's dependency lists (.cmd deps_) where objects were built, and for
// the rest from a scan of #include lines; the scan's candidates are built
// as originals and kept only if their deps_ list names the header.  Which
// object a unit ends up in (vmlinux or a module) is read from its compile
// command after the original build (kbuild_cmd.h).
#pragma once

#include "util.h"

#include <string>
#include <vector>

namespace kpatch::build {

struct Unit {
    std::string source;          // relative to the build root: fs/proc/version.c
    std::string object;          // fs/proc/version.o
    std::string via_header;      // set when found through a touched header
    std::string target;          // vmlinux or a module name, after the build
};

// Kinds of touched files: what can be live-patched.
enum class FileKind { CSource, Header, Other };
FileKind classify(const std::string &path);

// .c files under `root` that include `header` (relative to root), directly
// or through other headers (global headers: the whole tree; private ones:
// their directory's parent subtree).
std::vector<std::string> scan_includers(const fs::path &root, const std::string &header);

// Units whose recorded deps_ (in .cmd files under `root`) name `header`.
std::vector<std::string> units_from_deps(const fs::path &root, const std::string &header);

}  // namespace kpatch::build
