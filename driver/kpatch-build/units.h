// SPDX-License-Identifier: GPL-2.0
//
// units.h - from the files a patch touches to the translation units to
// rebuild.  A touched .c file is a unit.  A touched header's units are the
// .c files that include it, directly or through other headers: taken from
// kbuild's dependency lists (.cmd deps_) where objects were built, and for
// the rest from a scan of #include lines; the scan's candidates are built
// as originals and kept only if their deps_ list names the header.  A
// touched .c file that other .c files #include (6.1's kernel/sched/debug.c
// lives in build_utility.c) brings in its includers the same way, and its
// own object becomes optional: it may not be built alone at all.  Which
// object a unit ends up in (vmlinux or a module) is read from its compile
// command after the original build (kbuild_cmd.h).
#pragma once

#include "util.h"

#include <functional>
#include <string>
#include <vector>

namespace kpatch::build {

struct Unit {
    std::string source;          // relative to the build root: fs/proc/version.c
    std::string object;          // fs/proc/version.o
    std::string via_header;      // the touched header or .c it was found through
    std::string target;          // vmlinux or a module name, after the build
    std::vector<std::string> includers;  // a touched .c: the .c files that #include it

    // Found through an #include, or a touched .c that is #included
    // elsewhere: its object need not exist in this configuration, nor
    // compile on its own.
    bool optional() const { return !via_header.empty() || !includers.empty(); }
};

// Kinds of touched files: what can be live-patched.
enum class FileKind { CSource, Header, Other };
FileKind classify(const std::string &path);

// .c files under `root` that include `header` (relative to root; also a
// .c file), directly or through other headers or .c files (global
// headers: the whole tree; private ones and .c files: their directory's
// parent subtree, for a .c at most its top-level directory).
std::vector<std::string> scan_includers(const fs::path &root, const std::string &header);

// Units whose recorded deps_ (in .cmd files under `root`) name `header`.
std::vector<std::string> units_from_deps(const fs::path &root, const std::string &header);

// The candidate units for the touched C sources and headers (relative to
// root), sorted by source; `scanning` is told each file whose includers
// are searched.  Candidates are a superset, which the original build and
// the deps_ lists narrow down (resolve_targets() in main.cc).
std::vector<Unit> candidate_units(const fs::path &root, const std::vector<std::string> &touched,
                                  const std::function<void(const std::string &)> &scanning = {});

// Why a candidate was dropped, for the user: `unconfigured` when kbuild
// has no rule for its object, else it did not compile unpatched.
std::string skip_note(const Unit &u, bool unconfigured);

// The touched .c files among `candidates` of which no unit is left in
// `resolved` (neither the file itself nor an includer is built): their
// change cannot reach the kernel.  One sentence per file, saying so;
// `uncompilable` objects are said not to compile unpatched.
std::vector<std::string> lost_sources(const std::vector<Unit> &candidates,
                                      const std::vector<Unit> &resolved,
                                      const std::vector<std::string> &uncompilable = {});

}  // namespace kpatch::build
