// SPDX-License-Identifier: GPL-2.0
//
// identity.h - -fplugin-arg-kpatch-expect-hash=HEX: the plugin checks that
// it is the very build kpatch-build hashed (FNV-1a 64 of the .so file,
// 16 hex digits, as kpatch-build's cache key takes it).  Compiles run on
// distcc servers load the servers' own kpatch.so (a wrapper adds -fplugin=
// there, driver/README.md "Distributed compiles"); another build of the
// plugin could fingerprint differently, so it must refuse instead.
#pragma once

struct plugin_name_args;

namespace kpatch::plugin {

// Reports a mismatch (or an unreadable file) with error(); false then.
bool check_identity(const plugin_name_args &info, const char *expected_hex);

}  // namespace kpatch::plugin
