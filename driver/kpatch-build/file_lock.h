// SPDX-License-Identifier: GPL-2.0
//
// file_lock.h - an exclusive flock(2) on a cache entry's lock file, held
// for the object's lifetime, and who holds it.
//
// A run that has to wait says for whom (describe_holder()).  Readers of a
// tree that run no kpatch-build (the lit suite) take the same file with a
// shared flock(2) (`flock -s`): they wait for a build, and a build for them.
// The descriptor is not close-on-exec: make and the compilers it runs
// inherit the lock, so it is released only when the holder and every
// process started under it are gone, also when the holder was killed (-9)
// while a compile of the patched tree was still running.
// flock(2) locks die with their last descriptor: a crash or power loss
// never leaves a stale lock behind, so there is nothing to break by hand.
// Does not decide what a lock protects (tree_cache.h, core_module.h).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace kpatch::build {

class FileLock {
public:
    // Called once, before blocking, with who holds the lock
    // (describe_holder()).
    using Waiting = std::function<void(const std::string &holder)>;

    // Takes the lock, waiting while another process holds it.  Without a
    // `waiting` callback the wait is announced on stderr.  A signal during
    // the wait throws Interrupted.
    explicit FileLock(const std::filesystem::path &path, const Waiting &waiting = {});
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    bool waited() const { return waited_; }

private:
    void wait_for_holder(const std::filesystem::path &path, const Waiting &waiting);
    void record_holder();

    int fd_ = -1;
    bool waited_ = false;
};

// Who holds the lock at `path`, for a person: "kpatch-build (pid 123)",
// "python3 (pid 77, shared)" for a reader, "processes left running
// by kpatch-build (pid 123), which was killed", or "another process".
// From /proc/locks (it names the process that took the lock, also when
// that process is gone and its children hold it), else the pid in the file.
std::string describe_holder(const std::filesystem::path &path);

struct LockHolder {
    pid_t pid = 0;
    bool shared = false;
};

// The flock(2) holders /proc/locks (text) lists for the file on device
// major:minor with this inode; waiters are not holders.
std::vector<LockHolder> parse_proc_locks(const std::string &text, unsigned major,
                                         unsigned minor, unsigned long inode);

}  // namespace kpatch::build
