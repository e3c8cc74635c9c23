// SPDX-License-Identifier: GPL-2.0
//
// json_out.cc - see json_out.h.
#include "json_out.h"

#include <kpatch/abi.h>

namespace kpatch::cli {

using nlohmann::json;

namespace {

json function_json(const PatchedFunction &f)
{
    return {{"object", f.object},
            {"name", f.name},
            {"old_size", f.old_size},
            {"new_size", f.new_size},
            {"force_unsafe", (f.flags & KPATCH_FUNC_FORCE_UNSAFE) != 0},
            {"entry_pad", (f.flags & KPATCH_FUNC_ENTRY_PAD) != 0},
            {"entry_jump", (f.flags & KPATCH_FUNC_ENTRY_JUMP) != 0}};
}

json patch_json(const PatchState &p)
{
    json objects = json::array(), functions = json::array();
    for (const auto &[name, patched] : p.objects)
        objects.push_back({{"name", name}, {"patched", patched}});
    for (const LiveFunction &f : p.functions)
        functions.push_back({{"object", f.object}, {"name", f.name}, {"route", f.route}});
    return {{"name", p.name},
            {"kind", kind_name(p.kind)},
            {"enabled", p.enabled},
            {"transition", p.transition},
            {"stop_machine_ns", p.window_ns},
            {"objects", objects},
            {"functions", functions}};
}

json klp_function_json(const PatchedFunction &f)
{
    return {{"object", f.object}, {"name", f.name}, {"sympos", f.sympos}};
}

json livepatch_json(const KoInfo &info)
{
    json functions = json::array();
    for (const PatchedFunction &f : info.functions)
        functions.push_back(klp_function_json(f));
    return {{"kernel", info.kernel_release},
            {"format", info.abi_version},
            {"replace", (info.patch_flags & KPATCH_PATCH_REPLACE) != 0},
            {"functions", functions},
            {"hooks", info.nr_hooks},
            {"tables", info.klp_table}};
}

}  // namespace

json info_json(const KoInfo &info)
{
    json out = {{"file", info.path},
                {"module", info.name},
                {"vermagic", info.vermagic},
                {"signed", info.signed_module},
                {"kind", kind_name(info.kind)},
                {"patch", nullptr}};
    if (info.kind == PatchKind::livepatch)
        out["patch"] = livepatch_json(info);
    if (info.kind != PatchKind::kpatch)
        return out;
    json functions = json::array();
    for (const PatchedFunction &f : info.functions)
        functions.push_back(function_json(f));
    out["patch"] = {{"kernel", info.kernel_release},
                    {"abi", info.abi_version},
                    {"replace", (info.patch_flags & KPATCH_PATCH_REPLACE) != 0},
                    {"functions", functions},
                    {"dynrelas", info.nr_dynrelas},
                    {"hooks", info.nr_hooks}};
    return out;
}

json list_json(const std::string &release, bool core_loaded,
               const std::vector<PatchState> &loaded, const std::vector<std::string> &installed)
{
    json patches = json::array();
    for (const PatchState &p : loaded)
        patches.push_back(patch_json(p));
    return {{"kernel", release},
            {"core_loaded", core_loaded},
            {"loaded", patches},
            {"installed", installed}};
}

std::string dump_json(const json &j)
{
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace kpatch::cli
