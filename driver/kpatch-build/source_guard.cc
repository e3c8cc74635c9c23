// SPDX-License-Identifier: GPL-2.0
//
// source_guard.cc - see source_guard.h.
#include "source_guard.h"

#include "error.h"
#include "process.h"
#include "signals.h"

#include <fmt/core.h>

namespace kpatch::build {
namespace {

std::vector<std::string> patch_argv(const fs::path &root, const fs::path &patch, bool dry,
                                    int fuzz)
{
    std::vector<std::string> argv = {"patch", "-p1", "--batch", "--forward",
                                     "--no-backup-if-mismatch", "--reject-file=-",
                                     "--fuzz=" + std::to_string(fuzz),
                                     "-d", root.string(), "-i", fs::absolute(patch).string()};
    if (dry)
        argv.push_back("--dry-run");
    return argv;
}

}  // namespace

SourceGuard::SourceGuard(fs::path root, fs::path restore_dir)
    : root_(std::move(root)), dir_(std::move(restore_dir))
{
}

SourceGuard::~SourceGuard()
{
    try {
        restore();
    } catch (const std::exception &e) {
        fmt::print(stderr,
                   "kpatch-build: error: could not restore {}: {}\nThe backups stay in {}; "
                   "the next kpatch-build run restores them.\n",
                   root_.string(), e.what(), dir_.string());
    }
}

std::vector<std::string> SourceGuard::failed_hunks(const std::string &output)
{
    std::vector<std::string> out;
    std::string file;
    for (const auto &line : split_lines(output)) {
        if (line.starts_with("checking file ") || line.starts_with("patching file ")) {
            file = line.substr(line.find(" file ") + 6);
            continue;
        }
        // "Hunk #2 FAILED at 120."
        size_t failed = line.find(" FAILED at ");
        if (!line.starts_with("Hunk #") || failed == std::string::npos)
            continue;
        std::string number = line.substr(6, failed - 6);
        std::string at = line.substr(failed + 11);
        if (at.ends_with("."))
            at.pop_back();
        out.push_back(fmt::format("{}: hunk #{} (at line {}) does not match the source", file,
                                  number, at));
    }
    return out;
}

std::vector<std::string> SourceGuard::dry_run(const fs::path &root, const fs::path &patch,
                                              int fuzz)
{
    auto r = process::run({patch_argv(root, patch, true, fuzz), {}, {}});
    if (r.exit_code != 0) {
        std::string hunks;
        for (const auto &h : failed_hunks(r.output))
            hunks += "\n  " + h;
        throw Error("{} does not apply to {}:{}\n{}\nA live patch must match the source "
                    "exactly: is it made against this kernel version (linux-source-6.1) with "
                    "a/ b/ path prefixes (-p1)?{}",
                    patch.string(), root.string(), hunks,
                    process::tail(r.output, 15),
                    fuzz ? "" : " (--fuzz N accepts context that differs, with a warning)");
    }
    std::vector<std::string> inexact;
    std::string file;
    for (const auto &line : split_lines(r.output)) {
        if (line.starts_with("checking file "))
            file = line.substr(14);
        else if (line.find(" with fuzz ") != std::string::npos ||
                 line.find("(offset ") != std::string::npos)
            inexact.push_back(file + ": " + line);
    }
    return inexact;
}

bool SourceGuard::reverse_applies(const fs::path &root, const fs::path &patch)
{
    auto r = process::run({{"patch", "-p1", "--batch", "--forward", "-R", "--dry-run", "--fuzz=0",
                            "-d", root.string(), "-i", fs::absolute(patch).string()},
                           {}, {}});
    return r.exit_code == 0;
}

void SourceGuard::apply(const fs::path &patch, const std::vector<std::string> &files, int fuzz)
{
    // Another guard's journal left here would be overwritten with backups
    // of its patched files: put its tree back first.
    recover(root_, dir_);
    write_journal(files);
    applied_ = true;
    auto r = process::run({patch_argv(root_, patch, false, fuzz), {}, {}});
    if (r.exit_code != 0)
        throw Error("applying {} failed although the dry run passed:\n{}", patch.string(),
                    process::tail(r.output, 15));
}

// The backups, then the manifest, each on disk before the tree changes: a
// kill -9 or a power loss from here on leaves enough behind for recover().
void SourceGuard::write_journal(const std::vector<std::string> &files)
{
    fs::create_directories(dir_ / "files");
    std::string manifest;
    for (const auto &f : files) {
        fs::path src = root_ / f;
        if (fs::exists(src)) {
            fs::path backup = dir_ / "files" / f;
            copy_file_atomic(src, backup);
            sync_to_disk(backup);
            sync_to_disk(backup.parent_path());
            manifest += "E " + f + "\n";
        } else {
            manifest += "N " + f + "\n";
        }
    }
    write_file_atomic(dir_ / "manifest", manifest);
    sync_to_disk(dir_ / "manifest");
    sync_to_disk(dir_);
}

void SourceGuard::restore()
{
    if (!applied_)
        return;
    signals::CriticalSection no_interrupts;
    recover(root_, dir_);
    applied_ = false;
}

size_t SourceGuard::recover(const fs::path &root, const fs::path &restore_dir)
{
    fs::path manifest = restore_dir / "manifest";
    if (!fs::exists(manifest)) {
        fs::remove_all(restore_dir);  // backups of a run killed before it patched
        return 0;
    }
    std::vector<fs::path> restored;
    for (const auto &line : split_lines(read_file(manifest))) {
        if (line.size() < 3)
            continue;
        std::string rel = line.substr(2);
        if (line[0] == 'E') {
            if (!fs::exists(restore_dir / "files" / rel))
                throw Error("{}: the backup of {} is missing, so {} cannot be restored and may "
                            "still be patched; remove {} (and {} if it is the cached tree) to "
                            "start from a fresh tree",
                            manifest.string(), rel, root.string(), restore_dir.string(),
                            root.string());
            fs::copy_file(restore_dir / "files" / rel, root / rel,
                          fs::copy_options::overwrite_existing);
            restored.push_back(root / rel);
        } else {
            fs::remove(root / rel);
            restored.push_back((root / rel).parent_path());
        }
    }
    // The tree on disk before the journal goes, and the manifest before the
    // backups: a kill in between must not leave a manifest naming backups
    // that are gone (the next run could not restore, and would say so).
    for (const auto &p : restored)
        if (fs::exists(p))
            sync_to_disk(p);
    fs::remove(manifest);
    sync_to_disk(restore_dir);
    fs::remove_all(restore_dir);
    return restored.size();
}

}  // namespace kpatch::build
