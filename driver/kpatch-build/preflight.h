// SPDX-License-Identifier: GPL-2.0
//
// preflight.h - check every file and directory the command line names
// before the first compile: a build takes minutes, and a typo in -o or
// --oot-module must not be found only at its end.  Each Error names the
// option and the path.  The kernel target (-r, -s, -c) is checked by
// target.h, also before any compile.
#pragma once

#include "options.h"

namespace kpatch::build {

// Throws Error on the first problem: a patch that is not a readable
// regular file, an -o that is not (and cannot become) a writable
// directory or whose kpatch-NAME.ko is not a regular file, an
// --oot-module without a Kbuild or Makefile, missing signing files or
// plugin.
void preflight(const Options &opt);

}  // namespace kpatch::build
