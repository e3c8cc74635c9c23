// SPDX-License-Identifier: GPL-2.0
//
// json_out.h - what `kpatch list --json` and `kpatch info --json` print:
// one JSON object per call, for fleet tooling.  Keys are stable; new keys
// may be added.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel.h"
#include "ko_file.h"

namespace kpatch::cli {

// {"file", "module", "vermagic", "signed", "kind": "kpatch" | "livepatch"
//  | "none", "patch": null | {"kernel", "abi", "replace", "functions":
//  [{"object", "name", "old_size", "new_size", "force_unsafe",
//  "entry_pad"}], "dynrelas", "hooks"}}.  For a livepatch, "patch" is
//  {"kernel", "format", "replace", "functions": [{"object", "name",
//  "sympos"}], "hooks", "tables"} ("tables": false for a livepatch not
//  built by kpatch-build: nothing else is known).
nlohmann::json info_json(const KoInfo &info);

// {"kernel", "core_loaded", "loaded": [{"name", "kind", "enabled",
//  "transition", "stop_machine_ns", "objects": [{"name", "patched"}],
//  "functions": [{"object", "name", "route"}]}], "installed": [path...]}
// Livepatches are listed too ("kind": "livepatch", route "livepatch").
nlohmann::json list_json(const std::string &release, bool core_loaded,
                         const std::vector<PatchState> &loaded,
                         const std::vector<std::string> &installed);

// One line of JSON.  Names come from files and sysfs and need not be
// UTF-8: invalid bytes become U+FFFD instead of an exception.
std::string dump_json(const nlohmann::json &j);

}  // namespace kpatch::cli
