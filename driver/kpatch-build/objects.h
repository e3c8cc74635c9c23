// SPDX-License-Identifier: GPL-2.0
//
// objects.h - compile translation units with the plugin through kbuild's
// single-object targets (`make dir/file.o`, or `make M=dir file.o` for an
// out-of-tree module), so every flag, objtool pass and -DMODULE is exactly
// kbuild's.  Original objects are cached per plugin and compiler
// (originals/<key>/); patched ones are copied out of the tree right away.
#pragma once

#include "target.h"
#include "util.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kpatch::build {

struct Compiler {
    std::vector<std::string> make;   // make -C <tree or headers> -jN CC=... [M=dir]
    fs::path out_root;               // where objects appear: the tree, or the M= dir
    std::string kcflags;             // -fplugin=... -fplugin-arg-kpatch-...
    std::string remote_plugin_cc;    // plugin compiles' CC when they go to distcc
                                     // (launcher.h); empty: they run here
};

struct BuildResult {
    std::vector<std::string> built;         // objects now present under out_root
    std::vector<std::string> unconfigured;  // "No rule to make target": not in this config
    std::vector<std::string> uncompilable;  // optional ones that do not compile unpatched
};

// Builds `objects` (relative to out_root), removing stale copies first.
// Compile errors throw Error naming the unit and quoting gcc, except for
// `optional` objects (found only because they include a touched header):
// one of those that does not compile unpatched cannot be part of the
// running kernel (kbuild compiles any .c of a directory on request, even
// nommu.c under CONFIG_MMU=y), so it is listed in `uncompilable` instead.
BuildResult build_objects(const Compiler &cc, const std::vector<std::string> &objects,
                          const std::string &what, const std::set<std::string> &optional = {});

// Original objects, keyed by what produced them.
class OriginalCache {
public:
    OriginalCache(const fs::path &cache_dir, const std::string &key);

    // The cached object, if present (its .cmd sits beside it).
    std::optional<fs::path> find(const std::string &object) const;
    fs::path store(const fs::path &out_root, const std::string &object);
    const fs::path &dir() const { return dir_; }

private:
    fs::path dir_;
};

// Copies out_root/object and its .cmd to dest_dir/object.
fs::path save_object(const fs::path &out_root, const std::string &object, const fs::path &dest_dir);

}  // namespace kpatch::build
