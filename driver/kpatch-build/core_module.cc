// SPDX-License-Identifier: GPL-2.0
//
// core_module.cc - see core_module.h.
#include "core_module.h"

#include "error.h"
#include "file_lock.h"
#include "paths.h"
#include "process.h"
#include "release_match.h"
#include "util.h"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace kpatch::build {
namespace {

// kmod/core/Kbuild and the files it compiles: what a build copies.
std::vector<fs::path> core_sources(const fs::path &dir)
{
    std::vector<fs::path> out;
    for (const auto &e : fs::directory_iterator(dir)) {
        std::string ext = e.path().extension().string();
        if (e.path().filename() == "Kbuild" || ext == ".c" || ext == ".h" || ext == ".S")
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Names the sources' version: a changed core source or ABI header is a new
// cache entry, never a stale kpatch.ko.
std::string sources_hash(const std::vector<fs::path> &sources, const fs::path &abi_h,
                         const std::string &release)
{
    uint64_t h = fnv1a(release);
    for (const auto &p : sources) {
        h = fnv1a(p.filename().string(), h);
        h = fnv1a(read_file(p), h);
    }
    return hex64(fnv1a(read_file(abi_h), h)).substr(0, 8);
}

CoreModule build_core(const Target &target, int jobs)
{
    const DataPaths &paths = data_paths();
    if (!fs::exists(paths.core_dir / "Kbuild"))
        throw Error("{}: the core module's sources are missing, so kpatch.ko cannot be built "
                    "for {}; {}",
                    paths.core_dir.string(), target.release, paths.how_to_build);
    auto sources = core_sources(paths.core_dir);
    fs::path abi_h = paths.include_dir / "kpatch" / "abi.h";
    fs::path dir = cache_root() / "core" /
                   (target.release + "-" + sources_hash(sources, abi_h, target.release));
    fs::create_directories(dir);
    FileLock lock(dir / "lock");
    CoreModule core{dir / "kpatch.ko", dir / "Module.symvers", target.release, false};
    std::string remedy = fmt::format("remove {} and kpatch-build builds it again", dir.string());
    if (fs::exists(dir / "built") && fs::exists(core.ko) && fs::exists(core.symvers)) {
        check_core_release(core.ko, core.symvers, target.release, remedy);
        return core;
    }
    fs::path src = dir / "src";
    fs::remove_all(src);
    fs::create_directories(src);
    for (const auto &p : sources)
        fs::copy_file(p, src / p.filename());
    process::run_checked({{"make", "-C", target.headers.string(), "M=" + src.string(),
                           fmt::format("-j{}", jobs), "CC=" + target.cc,
                           "KPATCH_INCLUDE=" + paths.include_dir.string(), "modules"},
                          {}, {}},
                         fmt::format("building the core module kpatch.ko for {}",
                                     target.release));
    copy_file_atomic(src / "kpatch.ko", core.ko);
    copy_file_atomic(src / "Module.symvers", core.symvers);
    check_core_release(core.ko, core.symvers, target.release, remedy);
    write_file_atomic(dir / "built", target.release + "\n");
    core.built = true;
    return core;
}

}  // namespace

std::string module_release(const fs::path &ko)
{
    std::string data = read_file(ko);
    const std::string key = std::string("\0vermagic=", 10);
    size_t at = data.find(key);
    if (at == std::string::npos)
        return {};
    at += key.size();
    size_t end = data.find_first_of(std::string(" \0", 2), at);
    return data.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

CoreModule core_for_release(const Target &target, int jobs)
{
    const DataPaths &paths = data_paths();
    fs::path shipped = paths.core_symvers.parent_path() / "kpatch.ko";
    if (fs::exists(shipped) && fs::exists(paths.core_symvers) &&
        module_release(shipped) == target.release) {
        check_core_release(shipped, paths.core_symvers, target.release,
                           fmt::format("build kpatch.ko and its Module.symvers again ({}), or "
                                       "remove both and kpatch-build builds the core itself",
                                       paths.how_to_build));
        return {shipped, paths.core_symvers, target.release, false};
    }
    return build_core(target, jobs);
}

}  // namespace kpatch::build
