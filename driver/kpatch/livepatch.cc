// SPDX-License-Identifier: GPL-2.0
//
// livepatch.cc - see livepatch.h.
#include "livepatch.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace kpatch::cli {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(100);
constexpr unsigned long kPfKthread = 0x00200000;  // include/linux/sched.h

std::string patch_dir(const std::string &name) { return std::string(kLivepatchRoot) + "/" + name; }

const char *state_name(int target) { return target == kKlpPatched ? "patched" : "unpatched"; }

bool all_digits(const std::string &s)
{
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// "version_proc_show,1" -> {"version_proc_show", "livepatch"}: the kernel
// names a function's directory after its name and position.
LiveFunction live_function(const std::string &object, const std::string &dir)
{
    return {object, dir.substr(0, dir.rfind(',')), "livepatch"};
}

// The whole file, or nullopt with the reason in `error`.
std::optional<std::string> read_all(const std::string &path, std::string &error)
{
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = fmt::format("{}: {}", path, strerror(errno));
        return std::nullopt;
    }
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        out.append(buf, n);
    int err = errno;
    close(fd);
    if (n < 0) {
        error = fmt::format("{}: {}", path, strerror(err));
        return std::nullopt;
    }
    return out;
}

HeldTask held_task(const std::string &task_dir, int pid, int state)
{
    HeldTask t;
    t.pid = pid;
    t.state = state;
    t.comm = read_line(task_dir + "/comm");
    t.kernel_thread = stat_is_kernel_thread(read_line(task_dir + "/stat"));
    if (auto stack = read_all(task_dir + "/stack", t.stack_error))
        t.stack = *stack;
    if (t.stack.empty() && t.stack_error.empty())
        t.stack_error = task_dir + "/stack is empty";
    return t;
}

}  // namespace

bool livepatch_present(const std::string &name) { return is_dir(patch_dir(name)); }

PatchState livepatch_state(const std::string &name)
{
    std::string dir = patch_dir(name);
    if (!is_dir(dir))
        throw KernelError(fmt::format("no livepatch {} is loaded ({} missing)", name, dir));
    PatchState st;
    st.name = name;
    st.kind = PatchKind::livepatch;
    st.enabled = read_line(dir + "/enabled") == "1";
    st.transition = read_line(dir + "/transition") == "1";
    for (const auto &obj : subdirs(dir)) {
        st.objects.emplace_back(obj, read_line(dir + "/" + obj + "/patched") == "1");
        for (const auto &fn : subdirs(dir + "/" + obj))
            st.functions.push_back(live_function(obj, fn));
    }
    return st;
}

std::vector<PatchState> livepatches()
{
    std::vector<PatchState> out;
    for (const auto &name : subdirs(kLivepatchRoot)) {
        try {
            out.push_back(livepatch_state(name));
        } catch (const KernelError &) {
            // Freed while we looked (an unpatch transition just ended).
        }
    }
    return out;
}

void livepatch_set_enabled(const std::string &name, bool on)
{
    std::string path = patch_dir(name) + "/enabled";
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        throw KernelError(fmt::format("{}: {}", path, strerror(errno)));
    ssize_t n = write(fd, on ? "1" : "0", 1);
    int err = errno;
    close(fd);
    if (n == 1)
        return;
    std::string why = err == EINVAL && on
                          ? "the kernel cannot enable a livepatch again once it was disabled: "
                            "kpatch unload it, then load it"
                      : err == EINVAL ? "it is already disabled"
                                      : strerror(err);
    throw KernelError(fmt::format("{} livepatch {} failed: {}", on ? "enabling" : "disabling",
                                  name, why));
}

std::optional<int> parse_patch_state(std::string_view text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.remove_suffix(1);
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    if (v != kKlpUndefined && v != kKlpUnpatched && v != kKlpPatched)
        return std::nullopt;
    return v;
}

bool stat_is_kernel_thread(std::string_view stat)
{
    size_t paren = stat.rfind(')');
    if (paren == std::string_view::npos)
        return false;
    std::istringstream fields{std::string(stat.substr(paren + 1))};
    std::string field;
    // state ppid pgrp session tty_nr tpgid flags: flags is the 7th after comm.
    int n = 0;
    while (n < 7 && fields >> field)
        ++n;
    if (n < 7)
        return false;
    unsigned long flags = 0;
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), flags);
    return ec == std::errc() && end == field.data() + field.size() && (flags & kPfKthread);
}

std::vector<HeldTask> tasks_holding(int target, const std::string &proc_root)
{
    std::vector<HeldTask> out;
    for (const auto &pid : subdirs(proc_root)) {
        if (!all_digits(pid))
            continue;
        std::string tasks = proc_root + "/" + pid + "/task";
        for (const auto &tid : subdirs(tasks)) {
            if (!all_digits(tid))
                continue;
            std::string dir = tasks + "/" + tid;
            auto state = parse_patch_state(read_line(dir + "/patch_state"));
            if (!state || *state == target || *state == kKlpUndefined)
                continue;  // exited, switched, or no transition any more
            out.push_back(held_task(dir, std::stoi(tid), *state));
        }
    }
    return out;
}

std::string held_report(const std::string &name, int target, std::chrono::seconds waited,
                        const std::vector<HeldTask> &tasks)
{
    std::string dir = patch_dir(name);
    std::string r = fmt::format("{}: the transition to {} did not finish within {} s; ", name,
                                state_name(target), waited.count());
    if (tasks.empty())
        r += "no task in /proc holds it now (an idle or exiting task may: retry)\n";
    else
        r += fmt::format("{} task{} still run{} or sleep{} in a function it switches:\n",
                         tasks.size(), tasks.size() == 1 ? "" : "s", tasks.size() == 1 ? "s" : "",
                         tasks.size() == 1 ? "s" : "");
    for (const HeldTask &t : tasks) {
        if (t.stack.empty()) {
            r += fmt::format("  {} (pid {}{}): stack unavailable ({})\n", t.comm, t.pid,
                             t.kernel_thread ? ", kernel thread" : "", t.stack_error);
            continue;
        }
        r += fmt::format("  {} (pid {}{}), stack:\n", t.comm, t.pid,
                         t.kernel_thread ? ", kernel thread" : "");
        std::istringstream lines(t.stack);
        for (std::string line; std::getline(lines, line);)
            r += "    " + line + "\n";
    }
    r += fmt::format(
        "The transition goes on in the background and ends when these tasks leave those "
        "functions. What you can do:\n"
        "  - make them leave: a signal the task handles, kill -STOP PID then kill -CONT PID, "
        "or ending it (a kernel thread ignores signals: whatever it waits for must happen, or "
        "the module that owns it must stop it);\n"
        "  - {};\n"
        "  - knowing the risk, force it: echo 1 > {}/force switches every task although "
        "these may still run the old code, and the module can then never be removed.",
        target == kKlpPatched
            ? fmt::format("give up and reverse it: kpatch unload {}", name)
            : fmt::format("keep the patch instead: echo 1 > {}/enabled, or kpatch load its .ko",
                          dir),
        dir);
    return r;
}

void livepatch_wait_transition(const std::string &name, int target, std::chrono::seconds timeout)
{
    std::string file = patch_dir(name) + "/transition";
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        bool present = livepatch_present(name);
        if (!present && target == kKlpUnpatched)
            return;  // unpatched and already freed
        if (!present)
            throw KernelError(fmt::format("livepatch {} vanished while patching ({} missing): "
                                          "it was disabled meanwhile, or its init failed",
                                          name, patch_dir(name)));
        if (read_line(file) == "0")
            return;
        if (std::chrono::steady_clock::now() >= deadline)
            break;
        std::this_thread::sleep_for(kPoll);
    }
    throw KernelError(held_report(name, target, timeout, tasks_holding(target)));
}

void livepatch_wait_gone(const std::string &name, std::chrono::seconds timeout)
{
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (livepatch_present(name)) {
        if (std::chrono::steady_clock::now() >= deadline)
            throw KernelError(fmt::format("livepatch {} is disabled but the kernel has not freed "
                                          "it within {} s ({} still there); retry kpatch "
                                          "unload {}", name, timeout.count(), patch_dir(name),
                                          name));
        std::this_thread::sleep_for(kPoll);
    }
}

}  // namespace kpatch::cli
