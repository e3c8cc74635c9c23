// SPDX-License-Identifier: GPL-2.0
//
// tree_cache.h - a prepared kernel tree per release and config, reused by
// every later build.
//
// Layout under ${XDG_CACHE_HOME:-~/.cache}/kpatch/<release>-<config hash>/:
//   lock          flock(2) held from before the tree is used until it is
//                 restored (file_lock.h); it holds the pid of its holder
//   linux/        the extracted linux-source tree, configured, `make prepare`d
//   prepared      stamp written only after prepare succeeded; a tree without
//                 it is half-made and is deleted, never reused
//   originals/    original objects built with the plugin (objects.h)
//   restore/      backups of patched files while a patch is applied
//                 (source_guard.h)
// With -s SRCDIR the user's tree is used in place and only the bookkeeping
// lives in the cache (srcdir-<path hash>/).
//
// Concurrency: one lock per entry, exclusive, because everything done under
// it writes the tree (prepare, the original builds, the patch applied for
// the patched build); runs for other releases or configs use other entries
// and never wait for each other.  The tree is prepared in place (kbuild
// records absolute paths, so a tree built elsewhere and renamed would
// rebuild or break): the stamp, written last, is what makes it usable.
#pragma once

#include "file_lock.h"
#include "target.h"
#include "util.h"

#include <memory>

namespace kpatch::build {

class Progress;

struct Tree {
    fs::path cache_dir;   // the per-release+config directory above
    fs::path root;        // kernel source tree to build in
    bool reused = false;  // false: extracted/prepared by this run
};

class TreeCache {
public:
    // Takes the lock, waiting while another run holds it: the wait is
    // announced on stderr at once and recorded as the phase "lock".
    TreeCache(const Target &target, Progress &progress);

    // Returns a prepared tree, preparing it first if needed.
    Tree prepare(Progress &progress, int jobs);

    const fs::path &dir() const { return dir_; }

private:
    std::unique_ptr<FileLock> take_lock(Progress &progress);
    void extract(Progress &progress);
    void configure(const fs::path &root);
    void make_prepare(const fs::path &root, int jobs);

    const Target &target_;
    fs::path dir_;
    std::unique_ptr<FileLock> lock_;
};

// `make` argv prefix for a tree: make -C root -jN CC=... (shared by phases).
std::vector<std::string> make_argv(const Target &target, const fs::path &root, int jobs);

}  // namespace kpatch::build
