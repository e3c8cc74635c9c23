// SPDX-License-Identifier: GPL-2.0
//
// line_fix.h - keep unchanged code on its original line numbers after a
// patch added or removed lines above it.
//
// __LINE__ ends up in the code (WARN_ON, BUG_ON, pr_debug's descriptors,
// lockdep keys): a patch that only adds a line at the top of a file would
// otherwise change every function below it.  After each changed block of a
// hunk we insert `#line N` (no file name, so __FILE__ stays gcc's own)
// before the first following context line that sits between statements or
// declarations: outside comments, after a line ending in ';', '{', '}' or
// a blank line, never after a backslash continuation.
#pragma once

#include "patch_file.h"

#include <string>
#include <vector>

namespace kpatch::build {

// Returns the patched file's text with the directives inserted; `inserted`
// receives how many.  `patched` is the file as patch(1) left it.
std::string insert_line_directives(const std::string &patched, const FilePatch &fp,
                                   int *inserted = nullptr);

}  // namespace kpatch::build
