// SPDX-License-Identifier: GPL-2.0
// file_lock: a run that has to wait learns whom it waits for (the holder's
// pid, or that the holder was killed and its compiles still run), and gets
// the lock once the holder is gone.
#include "file_lock.h"
#include "util.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "scratch_tree.h"

using namespace kpatch::build;
using namespace std::chrono_literals;

namespace {

// Waits up to 5 s for `path` to hold `text`.
bool file_says(const fs::path &path, const std::string &text)
{
    for (int i = 0; i < 100; ++i, std::this_thread::sleep_for(50ms))
        if (fs::exists(path) && trim(read_file(path)) == text)
            return true;
    return false;
}

}  // namespace

TEST_SUITE("file_lock") {

TEST_CASE("an unheld lock is taken without waiting, and the holder records its pid")
{
    ScratchTree t("kpb-lock-own");
    FileLock lock(t.root / "lock");
    CHECK_FALSE(lock.waited());
    CHECK(trim(read_file(t.root / "lock")) == std::to_string(getpid()));
}

TEST_CASE("a waiter is told the holder's pid and gets the lock when it exits")
{
    ScratchTree t("kpb-lock-wait");
    fs::path path = t.root / "lock";
    pid_t holder = fork();
    REQUIRE(holder >= 0);
    if (holder == 0) {
        FileLock held(path);
        std::this_thread::sleep_for(500ms);
        _exit(0);
    }
    REQUIRE(file_says(path, std::to_string(holder)));
    std::string told;
    FileLock lock(path, [&](const std::string &who) { told = who; });
    CHECK(lock.waited());
    // /proc/locks names the holder; its comm is this test's (a fork).
    std::ifstream comm("/proc/self/comm");
    std::string name;
    std::getline(comm, name);
    CHECK(told == name + " (pid " + std::to_string(holder) + ")");
    CHECK(waitpid(holder, nullptr, WNOHANG) == holder);  // it had exited
    CHECK(trim(read_file(path)) == std::to_string(getpid()));
}

TEST_CASE("a holder killed with its children running: the waiter says so")
{
    ScratchTree t("kpb-lock-killed");
    fs::path path = t.root / "lock";
    pid_t holder = fork();
    REQUIRE(holder >= 0);
    if (holder == 0) {
        // kpatch-build's make and compilers inherit the lock's descriptor.
        FileLock held(path);
        if (fork() == 0) {
            execlp("sleep", "sleep", "1", nullptr);
            _exit(127);
        }
        _exit(0);  // as after kill -9: the "compile" goes on
    }
    REQUIRE(waitpid(holder, nullptr, 0) == holder);
    std::string told;
    FileLock lock(path, [&](const std::string &who) { told = who; });
    CHECK(lock.waited());
    CHECK(told == "processes left running by kpatch-build (pid " + std::to_string(holder) +
                      "), which was killed");
}

TEST_CASE("without a holder in /proc/locks the recorded pid is all there is")
{
    ScratchTree t("kpb-lock-recorded");
    t.write("lock", "999999999\n");  // no such process
    CHECK(describe_holder(t.root / "lock") ==
          "processes left running by kpatch-build (pid 999999999), which was killed");
    t.write("lock", "");
    CHECK(describe_holder(t.root / "lock") == "another process");
}

TEST_CASE("/proc/locks: the holders of one file, shared or not, and no waiters")
{
    std::string text = "1: FLOCK  ADVISORY  WRITE 1234 fe:00:4711 0 EOF\n"
                       "1: -> FLOCK  ADVISORY  WRITE 99 fe:00:4711 0 EOF\n"
                       "2: FLOCK  ADVISORY  READ 77 fe:00:4711 0 EOF\n"
                       "3: POSIX  ADVISORY  WRITE 55 fe:00:4711 0 EOF\n"
                       "4: FLOCK  ADVISORY  WRITE 66 08:01:4711 0 EOF\n";
    auto h = parse_proc_locks(text, 0xfe, 0, 4711);
    REQUIRE(h.size() == 2);
    CHECK(h[0].pid == 1234);
    CHECK_FALSE(h[0].shared);
    CHECK(h[1].pid == 77);
    CHECK(h[1].shared);
}

}
