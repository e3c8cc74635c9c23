// SPDX-License-Identifier: GPL-2.0
//
// launcher.h - which compiles a remote-compile launcher in CC may take.
//
// CC may name a launcher before the compiler ("ccache gcc-12",
// "distcc gcc-12", or distcc's masquerade directory /usr/lib/distcc/gcc-12).
// The plugin's fingerprints travel inside the object
// (.discard.kpatch_fingerprints), so a compile on another host would return
// them with the .o; but distccd refuses every command line with -fplugin=
// (distcc 3.4: "-fplugin= and/or -specs= passed, which are insecure and not
// supported"), and the client then retries locally, or fails with
// DISTCC_FALLBACK=0.  So the plugin compiles (original and patched) run
// with the compiler alone, here; everything else (tree preparation, the
// kernel-flags build of each unit, the patch and core modules' kbuild)
// goes through CC as given.
#pragma once

#include <string>

namespace kpatch::build {

// CC without a remote launcher (distcc, pump): "distcc gcc-12" -> "gcc-12",
// "/usr/lib/distcc/gcc-12" -> "gcc-12", "ccache distcc gcc-12" ->
// "ccache gcc-12"; any other CC unchanged.
std::string local_compiler(const std::string &cc);

}  // namespace kpatch::build
