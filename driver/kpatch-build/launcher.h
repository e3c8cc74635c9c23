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
// with the compiler alone, here, unless --remote-plugin-cc names a wrapper
// the servers run for them; everything else (tree preparation, the
// kernel-flags build of each unit, the patch and core modules' kbuild)
// goes through CC as given.
#pragma once

#include <string>

namespace kpatch::build {

// CC without a remote launcher (distcc, pump): "distcc gcc-12" -> "gcc-12",
// "/usr/lib/distcc/gcc-12" -> "gcc-12", "ccache distcc gcc-12" ->
// "ccache gcc-12"; any other CC unchanged.
std::string local_compiler(const std::string &cc);

// --remote-plugin-cc WRAPPER: the plugin compiles go to distcc as well,
// where WRAPPER (on every host, the client's included: distcc preprocesses
// with it) adds -fplugin= for that host's kpatch.so.  CC's words up to and
// including distcc, then WRAPPER: "distcc gcc-12" -> "distcc WRAPPER".
// Throws when CC names no distcc.
std::string remote_plugin_compiler(const std::string &cc, const std::string &wrapper);

// KCFLAGS for those compiles: -fplugin=PATH left to the wrapper, and
// -fplugin-arg-kpatch-expect-hash=<FNV-1a 64 of PATH> added, so that a
// host whose plugin is another build refuses the compile
// (gcc-plugin/identity.h) instead of fingerprinting differently.
std::string remote_plugin_flags(const std::string &kcflags);

}  // namespace kpatch::build
