// SPDX-License-Identifier: GPL-2.0
//
// objects.cc - see objects.h.
#include "objects.h"

#include "error.h"
#include "kbuild_cmd.h"
#include "launcher.h"
#include "process.h"

#include <fmt/core.h>

#include <algorithm>

namespace kpatch::build {
namespace {

// gcc's own error lines, to show the user the reason first.
std::string compiler_errors(const std::string &output)
{
    std::string out;
    size_t n = 0;
    for (const auto &line : split_lines(output)) {
        if (line.find("error:") != std::string::npos && n++ < 10)
            out += "    " + line + "\n";
    }
    return out;
}

}  // namespace

BuildResult build_objects(const Compiler &cc, const std::vector<std::string> &objects,
                          const std::string &what, const std::set<std::string> &optional)
{
    BuildResult result;
    if (objects.empty())
        return result;
    for (const auto &o : objects) {
        fs::remove(cc.out_root / o);
        fs::remove(cmd_file_for(cc.out_root / o));
    }
    auto argv = cc.make;
    std::string kcflags = cc.kcflags;
    // distccd refuses a plugin compile (launcher.h): this host's compiler,
    // or the servers' wrapper that loads the plugin itself.
    if (kcflags.find("-fplugin=") != std::string::npos) {
        if (!cc.remote_plugin_cc.empty())
            kcflags = remote_plugin_flags(kcflags);
        for (auto &a : argv) {
            if (!a.starts_with("CC="))
                continue;
            std::string plugin_cc = cc.remote_plugin_cc.empty() ? local_compiler(a.substr(3))
                                                                : cc.remote_plugin_cc;
            if (plugin_cc != a.substr(3))
                process::log(fmt::format("{}: CC={}{}", what, plugin_cc,
                                         cc.remote_plugin_cc.empty()
                                             ? " runs here: distccd refuses -fplugin="
                                             : ", KCFLAGS=" + kcflags));
            a = "CC=" + plugin_cc;
        }
    }
    argv.push_back("-k");  // one unconfigured candidate must not hide the others
    argv.push_back("KCFLAGS=" + kcflags);
    argv.insert(argv.end(), objects.begin(), objects.end());
    auto r = process::run({argv, {}, {}});
    std::vector<std::string> failed;
    for (const auto &o : objects) {
        if (fs::exists(cc.out_root / o))
            result.built.push_back(o);
        else if (r.output.find("No rule to make target '" + o + "'") != std::string::npos)
            result.unconfigured.push_back(o);
        else if (optional.contains(o))
            result.uncompilable.push_back(o);
        else
            failed.push_back(o);
    }
    bool explained = !result.unconfigured.empty() || !result.uncompilable.empty();
    if (!failed.empty() || (r.exit_code != 0 && !explained)) {
        std::string errors = compiler_errors(r.output);
        throw Error("building the {} of {} failed:\n{}{}\n(full output: {})", what,
                    failed.empty() ? std::string("objects") : failed.front(),
                    errors.empty() ? process::tail(r.output, 20) + "\n" : errors,
                    what == "patched version" ? "Fix the patch so that it compiles." : "",
                    process::log_path().string());
    }
    return result;
}

OriginalCache::OriginalCache(const fs::path &cache_dir, const std::string &key)
    : dir_(cache_dir / "originals" / key)
{
}

std::optional<fs::path> OriginalCache::find(const std::string &object) const
{
    fs::path p = dir_ / object;
    if (fs::exists(p) && fs::exists(cmd_file_for(p)))
        return p;
    return std::nullopt;
}

fs::path OriginalCache::store(const fs::path &out_root, const std::string &object)
{
    return save_object(out_root, object, dir_);
}

fs::path save_object(const fs::path &out_root, const std::string &object, const fs::path &dest_dir)
{
    fs::path dest = dest_dir / object;
    // The .cmd first: find() treats an object without it as absent.
    copy_file_atomic(cmd_file_for(out_root / object), cmd_file_for(dest));
    copy_file_atomic(out_root / object, dest);
    return dest;
}

}  // namespace kpatch::build
