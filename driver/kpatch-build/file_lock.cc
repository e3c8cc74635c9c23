// SPDX-License-Identifier: GPL-2.0
//
// file_lock.cc - see file_lock.h.
#include "file_lock.h"

#include "error.h"
#include "signals.h"
#include "util.h"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace kpatch::build {
namespace {

// The pid the last exclusive holder recorded, 0 if none.
pid_t recorded_pid(const fs::path &path)
{
    std::string text;
    try {
        text = trim(read_file(path));
    } catch (const Error &) {
        return 0;
    }
    try {
        return text.empty() ? 0 : static_cast<pid_t>(std::stol(text));
    } catch (const std::exception &) {
        return 0;  // not ours to interpret
    }
}

// read_file() goes by the file's size, which /proc files report as 0.
std::string read_proc(const std::string &path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool running(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

// "kpatch-build (pid 123)", "python3 (pid 77, shared)" for a live process.
std::string process_name(pid_t pid, bool shared)
{
    std::string comm = trim(read_proc(fmt::format("/proc/{}/comm", pid)));
    return fmt::format("{} (pid {}{})", comm.empty() ? "process" : comm, pid,
                       shared ? ", shared" : "");
}

std::string describe(const LockHolder &h, pid_t recorded)
{
    if (!running(h.pid))
        return h.pid == recorded
                   ? fmt::format("processes left running by kpatch-build (pid {}), which was "
                                 "killed",
                                 h.pid)
                   : fmt::format("processes left running by pid {}, which has exited", h.pid);
    return process_name(h.pid, h.shared);
}

}  // namespace

std::vector<LockHolder> parse_proc_locks(const std::string &text, unsigned major,
                                         unsigned minor, unsigned long inode)
{
    // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:10971393 0 EOF"; a waiter's
    // line has "->" after the number and is not a holder.
    std::string id = fmt::format("{:02x}:{:02x}:{}", major, minor, inode);
    std::vector<LockHolder> out;
    for (const auto &line : split_lines(text)) {
        auto w = split_words(line);
        if (w.size() < 6 || w[1] != "FLOCK" || w[5] != id)
            continue;
        try {
            out.push_back({static_cast<pid_t>(std::stol(w[4])), w[3] == "READ"});
        } catch (const std::exception &) {
        }
    }
    return out;
}

std::vector<LockHolder> lock_holders(const fs::path &path)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        return {};
    return parse_proc_locks(read_proc("/proc/locks"), major(st.st_dev), minor(st.st_dev),
                            st.st_ino);
}

std::string describe_holder(const fs::path &path)
{
    pid_t recorded = recorded_pid(path);
    auto holders = lock_holders(path);
    if (holders.empty())  // no /proc/locks, or released meanwhile
        return recorded > 0 ? describe({recorded, false}, recorded) : "another process";
    std::string out;
    for (size_t i = 0; i < holders.size() && i < 3; ++i)
        out += (i ? ", " : "") + describe(holders[i], recorded);
    if (holders.size() > 3)
        out += fmt::format(" and {} more", holders.size() - 3);
    return out;
}

FileLock::FileLock(const fs::path &path, const Waiting &waiting)
{
    fs::create_directories(path.parent_path());
    fd_ = open(path.c_str(), O_RDWR | O_CREAT, 0644);
    if (fd_ < 0)
        throw Error("{}: cannot open lock file: {}; check the cache directory's permissions "
                    "or set XDG_CACHE_HOME",
                    path.string(), strerror(errno));
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0)
        wait_for_holder(path, waiting);
    record_holder();
}

void FileLock::wait_for_holder(const fs::path &path, const Waiting &waiting)
{
    waited_ = true;
    std::string holder = describe_holder(path);
    if (waiting)
        waiting(holder);
    else  // on a terminal, over the running phase's line (progress.h)
        fmt::print(stderr, "{}kpatch-build: waiting for {} to finish with {}\n",
                   stderr_is_tty() ? "\r\033[K" : "", holder, path.parent_path().string());
    // The handlers are installed without SA_RESTART: a signal ends the
    // wait with EINTR and checkpoint() unwinds.
    while (flock(fd_, LOCK_EX) != 0) {
        int err = errno;
        if (err == EINTR && !signals::pending())
            continue;
        close(fd_);  // the constructor throws: no destructor runs
        fd_ = -1;
        if (err != EINTR)
            throw Error("{}: flock: {}", path.string(), strerror(err));
        signals::checkpoint();
    }
}

// Best effort: the pid only tells a waiter that the holder, now gone, was
// a kpatch-build whose compiles still run (/proc/locks names the pid, not
// what it was).
void FileLock::record_holder()
{
    std::string pid = fmt::format("{}\n", getpid());
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) < 0)
        return;  // a waiter then says "pid N, which has exited"
}

FileLock::~FileLock()
{
    if (fd_ >= 0)
        close(fd_);
}

}  // namespace kpatch::build
