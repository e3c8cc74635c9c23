// SPDX-License-Identifier: GPL-2.0
//
// source_fetch.cc - see source_fetch.h.
#include "source_fetch.h"

#include "error.h"
#include "file_lock.h"
#include "process.h"
#include "util.h"

#include <fmt/core.h>

#include <unistd.h>

namespace kpatch::build {
namespace {

constexpr const char *kPackage = "linux-source-6.1";
constexpr const char *kTarball = "linux-source-6.1.tar.xz";

fs::path version_dir(const std::string &version)
{
    return cache_root() / "source" / version;
}

std::string how_to_get(const std::string &version)
{
    return fmt::format("Run `apt-get update` if the package lists are old, or install that "
                       "source (apt-get install {}={}; /usr/src/{} is then used), or put its "
                       "{} at {}",
                       kPackage, version, kTarball, kTarball,
                       cached_source_tarball(version).string());
}

fs::path download_deb(const std::string &version, const fs::path &tmp)
{
    std::string spec = fmt::format("{}={}", kPackage, version);
    auto r = process::run({{"apt-get", "download", spec}, tmp, {}});
    if (r.exit_code != 0)
        throw Error("apt-get download {} failed:\n{}\n{}", spec, process::tail(r.output, 3),
                    how_to_get(version));
    for (const auto &e : fs::directory_iterator(tmp))
        if (e.path().extension() == ".deb")
            return e.path();
    throw Error("apt-get download {} left no .deb in {}. {}", spec, tmp.string(),
                how_to_get(version));
}

}  // namespace

fs::path cached_source_tarball(const std::string &version)
{
    return version_dir(version) / kTarball;
}

fs::path fetch_source_tarball(const std::string &version)
{
    fs::path tarball = cached_source_tarball(version);
    fs::create_directories(tarball.parent_path());
    // Two runs for releases of one source version download it once.
    FileLock lock(version_dir(version) / "lock");
    if (fs::exists(tarball))
        return tarball;
    fs::path tmp = version_dir(version) / fmt::format("tmp-{}", getpid());
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    fs::path deb = download_deb(version, tmp);
    process::run_checked({{"dpkg-deb", "-x", deb.string(), (tmp / "root").string()}, {}, {}},
                         "unpacking " + deb.string());
    fs::path inside = tmp / "root" / "usr" / "src" / kTarball;
    if (!fs::exists(inside))
        throw Error("{} holds no usr/src/{}. {}", deb.string(), kTarball, how_to_get(version));
    sync_to_disk(inside);
    fs::rename(inside, tarball);
    sync_to_disk(tarball.parent_path());
    fs::remove_all(tmp);
    return tarball;
}

}  // namespace kpatch::build
