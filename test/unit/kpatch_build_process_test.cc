// SPDX-License-Identifier: GPL-2.0
// process + FileLock: after kill -9 of kpatch-build, the command it was
// running dies with it, and the tree lock stays held until every process
// started under it is gone (the next build must not restore the tree
// while a compile of the patched one still runs).
#include "file_lock.h"
#include "process.h"
#include "util.h"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace kpatch::build;
using namespace std::chrono_literals;

namespace {

bool lock_is_free(const fs::path &path)
{
    int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(fd >= 0);
    bool free = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return free;
}

// Polls for up to `limit`; true when the lock became free.
bool lock_frees_within(const fs::path &path, std::chrono::milliseconds limit)
{
    for (auto end = std::chrono::steady_clock::now() + limit;
         std::chrono::steady_clock::now() < end; std::this_thread::sleep_for(50ms))
        if (lock_is_free(path))
            return true;
    return false;
}

}  // namespace

TEST_SUITE("process") {

TEST_CASE("kill -9 of the driver: its command dies, the lock waits for the last child")
{
    fs::path dir = fs::temp_directory_path() / ("kpb-process-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::path lock = dir / "lock", started = dir / "started";
    pid_t driver = fork();
    REQUIRE(driver >= 0);
    if (driver == 0) {
        // A stand-in for kpatch-build: holds the tree lock and runs a
        // "make" (sh, killed with the driver) that has started a
        // "compile" (sleep 2, which finishes on its own).
        FileLock held(lock);
        process::run({{"sh", "-c", "sleep 2 & touch " + started.string() + "; exec sleep 60"},
                      {}, {}});
        _exit(0);
    }
    for (int i = 0; i < 100 && !fs::exists(started); ++i)
        std::this_thread::sleep_for(50ms);
    REQUIRE(fs::exists(started));
    kill(driver, SIGKILL);
    waitpid(driver, nullptr, 0);
    // The "compile" still runs: the lock is still held ...
    CHECK_FALSE(lock_is_free(lock));
    // ... and freed when it ends, long before "make"'s 60 s: make died
    // with the driver.
    CHECK(lock_frees_within(lock, 10s));
    fs::remove_all(dir);
}

}
