// SPDX-License-Identifier: GPL-2.0
//
// patch_file.h - parse a unified diff (diff -u, git diff, quilt) into the
// files and hunks it changes.  Used to know which files to back up and
// rebuild and where line numbers shift (line_fix.h); applying the patch is
// left to patch(1), which is what users' patches are tested with.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kpatch::build {

struct Hunk {
    int old_start = 0, old_count = 0;
    int new_start = 0, new_count = 0;
    std::vector<std::string> lines;  // with their ' ', '-', '+' prefix
};

struct FilePatch {
    std::string path;                // after -p1, the file as it ends up
    bool created = false;            // old side is /dev/null
    bool deleted = false;            // new side is /dev/null
    std::vector<Hunk> hunks;
};

// Throws Error naming `name` and the line on malformed input.
std::vector<FilePatch> parse_patch(std::string_view text, const std::string &name);

}  // namespace kpatch::build
