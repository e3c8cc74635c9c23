// SPDX-License-Identifier: GPL-2.0
//
// tree_cache.cc - see tree_cache.h.
#include "tree_cache.h"

#include "source_fetch.h"

#include "error.h"
#include "process.h"
#include "progress.h"

#include <fmt/core.h>

#include <algorithm>

namespace kpatch::build {
namespace {

constexpr const char *kStamp = "prepared";

// Symbols whose value legitimately differs between the stock .config and
// ours: the toolchain probes and the two we clear on purpose.
bool expected_difference(const std::string &key)
{
    static const char *prefixes[] = {"CONFIG_CC_", "CONFIG_GCC_", "CONFIG_AS_", "CONFIG_LD_",
                                     "CONFIG_PAHOLE_", "CONFIG_SYSTEM_TRUSTED_KEYS",
                                     "CONFIG_SYSTEM_REVOCATION_KEYS", "CONFIG_HAVE_GCC_PLUGINS",
                                     "CONFIG_TOOLS_SUPPORT_", "CONFIG_RUSTC_", "CONFIG_CLANG_"};
    for (const char *p : prefixes)
        if (key.starts_with(p))
            return true;
    return false;
}

// Lines "CONFIG_X=..." of a .config, keyed by symbol.
std::vector<std::pair<std::string, std::string>> config_entries(const std::string &text)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &line : split_lines(text)) {
        size_t eq = line.find('=');
        if (line.starts_with("CONFIG_") && eq != std::string::npos)
            out.emplace_back(line.substr(0, eq), line.substr(eq + 1));
    }
    return out;
}

}  // namespace

std::vector<std::string> make_argv(const Target &target, const fs::path &root, int jobs)
{
    return {"make", "-C", root.string(), fmt::format("-j{}", jobs), "CC=" + target.cc};
}

TreeCache::TreeCache(const Target &target, Progress &progress) : target_(target)
{
    if (target.srcdir.empty())
        dir_ = cache_root() / (target.release + "-" + target.config_hash.substr(0, 8));
    else
        dir_ = cache_root() / ("srcdir-" + hex64(fnv1a(target.srcdir.string())).substr(0, 8));
    fs::create_directories(dir_);
    lock_ = take_lock(progress);
}

// A wait is said when it starts, on a line of its own also when stderr is
// not a terminal, and kept as a phase with its time: a build that seems
// slow says why, and whom it waited for.
std::unique_ptr<FileLock> TreeCache::take_lock(Progress &progress)
{
    std::string holder;
    auto lock = std::make_unique<FileLock>(dir_ / "lock", [&](const std::string &who) {
        holder = who;
        fmt::print(stderr, "kpatch-build: waiting for {} to finish with {}\n", who,
                   dir_.string());
        progress.begin("lock", "waiting for " + who);
    });
    if (lock->waited())
        progress.end("waited for " + holder);
    return lock;
}

Tree TreeCache::prepare(Progress &progress, int jobs)
{
    Tree tree;
    tree.cache_dir = dir_;
    tree.root = target_.srcdir.empty() ? dir_ / "linux" : target_.srcdir;
    if (fs::exists(dir_ / kStamp) && fs::exists(tree.root / ".config")) {
        tree.reused = true;
        progress.begin("tree", "cached");
        progress.end(fmt::format("reuse {}", tree.root.string()));
        return tree;
    }
    if (target_.srcdir.empty() && !fs::exists(target_.tarball)) {
        std::string spec = "linux-source-6.1=" + target_.source_version;
        progress.begin("source", "apt-get download " + spec);
        fetch_source_tarball(target_.source_version);
        progress.end(fmt::format("{} -> {}", spec, target_.tarball.string()));
    }
    if (target_.srcdir.empty()) {
        progress.begin("extract", target_.tarball.filename().string());
        extract(progress);
        progress.end(fmt::format("{} -> {}", target_.tarball.filename().string(),
                                 tree.root.string()));
    }
    progress.begin("config", target_.config.string());
    configure(tree.root);
    progress.end(fmt::format("{} (GCC_PLUGINS off, no trusted keys)", target_.config.string()));
    progress.begin("prepare", "make prepare");
    make_prepare(tree.root, jobs);
    // The stamp vouches for the tree: the tree reaches the disk first.
    sync_filesystem(tree.root);
    write_file_atomic(dir_ / kStamp, target_.release + "\n");
    progress.end(fmt::format("make prepare ({})", target_.cc));
    return tree;
}

void TreeCache::extract(Progress &)
{
    fs::path tmp = dir_ / "linux.tmp";
    fs::path root = dir_ / "linux";
    // A tree without the stamp is the remains of an interrupted prepare.
    fs::remove_all(tmp);
    fs::remove_all(root);
    fs::remove(dir_ / kStamp);
    fs::create_directories(tmp);
    // Debian's tarball is xz in many blocks: xz -T0 decompresses them in
    // parallel (xz >= 5.4).
    process::run_checked({{"tar", "--use-compress-program=xz -T0", "-xf", target_.tarball.string(),
                           "-C", tmp.string()},
                          {}, {}},
                         "extracting " + target_.tarball.string());
    fs::path top;
    for (const auto &e : fs::directory_iterator(tmp))
        if (e.is_directory())
            top = e.path();
    if (top.empty() || !fs::exists(top / "Makefile"))
        throw Error("{}: no kernel tree inside (expected linux-source-6.1/)",
                    target_.tarball.string());
    fs::rename(top, root);
    fs::remove_all(tmp);
}

void TreeCache::configure(const fs::path &root)
{
    if (!target_.srcdir.empty() && fs::exists(root / ".config")) {
        return;  // the user's own configured tree: leave its .config alone
    }
    fs::copy_file(target_.config, root / ".config", fs::copy_options::overwrite_existing);
    std::string config_tool = (root / "scripts" / "config").string();
    auto set = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {config_tool, "--file", (root / ".config").string()};
        argv.insert(argv.end(), args.begin(), args.end());
        process::run_checked({argv, {}, {}}, "scripts/config");
    };
    // Debian's certificate paths do not exist outside its build servers.
    set({"--set-str", "SYSTEM_TRUSTED_KEYS", "", "--set-str", "SYSTEM_REVOCATION_KEYS", ""});
    auto make = make_argv(target_, root, 1);
    make.push_back("olddefconfig");
    process::run_checked({make, {}, {}}, "make olddefconfig");
    // With gcc-12-plugin-dev installed olddefconfig turns GCC_PLUGINS on;
    // the stock kernel was built without: switch it back off.
    set({"--disable", "GCC_PLUGINS"});
    process::run_checked({make, {}, {}}, "make olddefconfig");

    std::string ours = read_file(root / ".config");
    if (config_value(ours, "GCC_PLUGINS").value_or("") == "y")
        throw Error("{}/.config: CONFIG_GCC_PLUGINS stayed on; the tree would not match the "
                    "stock kernel",
                    root.string());
    auto theirs = config_entries(read_file(target_.config));
    auto mine = config_entries(ours);
    size_t differ = 0;
    for (const auto &[k, v] : theirs) {
        if (expected_difference(k))
            continue;
        auto it = std::find_if(mine.begin(), mine.end(), [&](auto &e) { return e.first == k; });
        if (it == mine.end() || it->second != v) {
            ++differ;
            process::log(fmt::format("config differs: {}={} -> {}", k, v,
                                     it == mine.end() ? "(unset)" : it->second));
        }
    }
    if (differ)
        fmt::print(stderr,
                   "kpatch-build: warning: {} config symbols differ from {} after olddefconfig "
                   "(listed in {})\n",
                   differ, target_.config.string(), process::log_path().string());
}

void TreeCache::make_prepare(const fs::path &root, int jobs)
{
    auto make = make_argv(target_, root, jobs);
    make.push_back("prepare");
    process::run_checked({make, {}, {}}, "make prepare in " + root.string());
}

}  // namespace kpatch::build
