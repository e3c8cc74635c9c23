// SPDX-License-Identifier: GPL-2.0
//
// gimple_hash.h - the own-body fingerprint of a function, taken from its
// GIMPLE before any inlining (the pass runs before "einline").  Used only
// to explain changes ("own body" vs "inlined callee"); whether a function
// changed is decided by the RTL fingerprint.
//
// Shape hashed, per basic block in chain order:
//   bb := phi* stmt* succ*
//   phi := result arg* (with the source block's position)
//   stmt := gimple_code subcode op*      (debug statements and nops skipped)
//   succ := destination position, edge kind (true/false/abnormal/eh)
#pragma once

#include "gcc-common.h"

#include <cstdint>
#include <string>

namespace kpatch::plugin {

// `tokens` receives the serialised stream when non-null (tracing).
uint64_t hash_gimple_body(function *fn, std::string *tokens);

}  // namespace kpatch::plugin
