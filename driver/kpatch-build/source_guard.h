// SPDX-License-Identifier: GPL-2.0
//
// source_guard.h - apply a patch to a source tree and always put the tree
// back: on success, on error, on Ctrl-C, and (through the on-disk
// manifest) after a crash or kill -9 the next time kpatch-build runs.
//
// Before patch(1) runs, every file the patch touches is copied to
// <restore dir>/files/ and listed in <restore dir>/manifest ("E path" for a
// file that existed, "N path" for one the patch creates), both fsync'ed: a
// journal that survives kill -9 and power loss.  Restoring copies the
// backups back (with a new mtime, so kbuild rebuilds what the patched
// version produced), deletes created files, and removes the manifest only
// once the tree is on disk.  Restoring twice is harmless, so a restore cut
// short is simply done again.  Does not parse patches, and does not lock:
// the caller holds the tree's lock (tree_cache.h).
#pragma once

#include "util.h"

#include <string>
#include <vector>

namespace kpatch::build {

class SourceGuard {
public:
    SourceGuard(fs::path root, fs::path restore_dir);
    ~SourceGuard();  // restores if still applied
    SourceGuard(const SourceGuard &) = delete;
    SourceGuard &operator=(const SourceGuard &) = delete;

    // Restores what an earlier, killed run left applied.  Returns the
    // number of files restored.
    static size_t recover(const fs::path &root, const fs::path &restore_dir);

    // `patch -p1 --dry-run --fuzz=N`: throws Error naming each hunk that
    // does not match.  fuzz is 0 unless the user allowed more: a live
    // patch must match the source it was written for exactly.  Returns
    // patch's lines about hunks applied at an offset or with fuzz, for
    // the caller to print as warnings.
    static std::vector<std::string> dry_run(const fs::path &root, const fs::path &patch,
                                            int fuzz = 0);

    // `patch -p1 -R --forward --dry-run --fuzz=0`: the tree already holds the
    // patch's result exactly (the fix is in this source).
    static bool reverse_applies(const fs::path &root, const fs::path &patch);

    // Restores what a killed run left (recover()), backs up `files`
    // (relative to root), then applies the patch.
    void apply(const fs::path &patch, const std::vector<std::string> &files, int fuzz = 0);

    // "fs/proc/version.c: hunk #1 (at line 12) does not match" for each
    // hunk patch(1)'s output reports FAILED.
    static std::vector<std::string> failed_hunks(const std::string &patch_output);

    void restore();
    bool applied() const { return applied_; }

private:
    void write_journal(const std::vector<std::string> &files);

    fs::path root_;
    fs::path dir_;
    bool applied_ = false;
};

}  // namespace kpatch::build
