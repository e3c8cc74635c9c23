// SPDX-License-Identifier: GPL-2.0
//
// process.cc - see process.h.
#include "process.h"

#include "error.h"
#include "signals.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kpatch::build::process {
namespace {

std::filesystem::path g_log;
bool g_verbose = false;

void append_log(const std::string &text)
{
    if (g_log.empty())
        return;
    std::ofstream out(g_log, std::ios::app);
    out << text;
}

// The child (make, patch, ...) dies with kpatch-build, even by kill -9:
// otherwise make would go on compiling a patched tree nobody restores.
// Compiles already started finish their one file; they inherit the tree
// lock (util.h, FileLock), so the next kpatch-build waits for them before
// it restores the tree.
void die_with_parent(pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)  // it died before prctl
        _exit(127);
}

[[noreturn]] void exec_child(const Command &cmd, int out_fd, pid_t parent)
{
    die_with_parent(parent);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
        dup2(devnull, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    if (!cmd.cwd.empty() && chdir(cmd.cwd.c_str()) != 0) {
        fmt::print(stderr, "cannot enter {}: {}\n", cmd.cwd.string(), strerror(errno));
        _exit(127);
    }
    for (const auto &kv : cmd.env)
        putenv(const_cast<char *>(kv.c_str()));
    std::vector<char *> argv;
    for (const auto &a : cmd.argv)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    // The parent's handlers must not run in the child.
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        signal(s, SIG_DFL);
    execvp(argv[0], argv.data());
    fmt::print(stderr, "cannot run {}: {}\n", cmd.argv[0], strerror(errno));
    _exit(127);
}

std::string drain(int fd)
{
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out.append(buf, static_cast<size_t>(n));
        if (g_verbose)
            fwrite(buf, 1, static_cast<size_t>(n), stderr);
    }
    return out;
}

int wait_child(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return 127;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

}  // namespace

void set_log(const std::filesystem::path &log) { g_log = log; }
const std::filesystem::path &log_path() { return g_log; }
void set_verbose(bool verbose) { g_verbose = verbose; }

void log(const std::string &line)
{
    append_log(line + "\n");
    if (g_verbose)
        fmt::print(stderr, "{}\n", line);
}

std::string quote(const std::vector<std::string> &argv)
{
    std::string s;
    for (const auto &a : argv) {
        if (!s.empty())
            s += ' ';
        bool plain = !a.empty() && a.find_first_of(" \t\"'$\\*?;&|<>()") == std::string::npos;
        s += plain ? a : "'" + a + "'";
    }
    return s;
}

std::string tail(const std::string &text, size_t n)
{
    size_t pos = text.size();
    if (pos && text[pos - 1] == '\n')
        --pos;
    for (size_t lines = 0; pos > 0; --pos) {
        if (text[pos - 1] == '\n' && ++lines == n)
            break;
    }
    return text.substr(pos);
}

Result run(const Command &cmd)
{
    signals::checkpoint();
    std::string line = fmt::format("$ {}{}\n", cmd.cwd.empty() ? "" : "(cd " + cmd.cwd.string() + ") ",
                                   quote(cmd.argv));
    append_log(line);
    if (g_verbose)
        fmt::print(stderr, "{}", line);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw Error("pipe: {}", strerror(errno));
    pid_t self = getpid();
    pid_t pid = fork();
    if (pid < 0)
        throw Error("fork: {}", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        int out = dup(fds[1]);  // without O_CLOEXEC, for the exec'ed tool
        exec_child(cmd, out, self);
    }
    close(fds[1]);
    signals::set_child(pid);
    Result r;
    r.output = drain(fds[0]);
    close(fds[0]);
    r.exit_code = wait_child(pid);
    signals::set_child(0);
    append_log(r.output.empty() || r.output.back() == '\n' ? r.output : r.output + "\n");
    signals::checkpoint();
    return r;
}

Result run_checked(const Command &cmd, const std::string &what)
{
    Result r = run(cmd);
    if (r.exit_code != 0) {
        throw Error("{} failed (exit {}): {}\n{}\n(full output: {})", what, r.exit_code,
                    quote(cmd.argv), tail(r.output, 25),
                    g_log.empty() ? std::string("not logged") : g_log.string());
    }
    return r;
}

}  // namespace kpatch::build::process
