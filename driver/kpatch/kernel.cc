// SPDX-License-Identifier: GPL-2.0
//
// kernel.cc - see kernel.h.
#include "kernel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace kpatch::cli {

std::string read_line(const std::string &path)
{
    std::ifstream in(path);
    std::string s;
    std::getline(in, s);
    return s;
}

bool is_dir(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> subdirs(const std::string &path)
{
    std::vector<std::string> out;
    DIR *d = opendir(path.c_str());
    if (!d)
        return out;
    while (dirent *e = readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != ".." && is_dir(path + "/" + n))
            out.push_back(n);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

// What an init_module errno means when the module is a livepatch:
// livepatch-patch.c's init and klp_enable_patch() return these.
std::string explain_livepatch_errno(int err)
{
    switch (err) {
    case EINVAL:
        return "the kernel's livepatch refused it: built for another kernel, a function it "
               "replaces was not found, or another livepatch is in transition (see the kernel "
               "log lines below)";
    case EBUSY:
        return "another livepatch transition is under way: wait for it (kpatch list) and retry";
    case ENODEV:
        return "this kernel has no livepatch support (CONFIG_LIVEPATCH)";
    default:
        return {};
    }
}

// What an init_module errno means when the module is a patch.
std::string explain_load_errno(int err, PatchKind kind = PatchKind::kpatch)
{
    if (kind == PatchKind::livepatch) {
        std::string why = explain_livepatch_errno(err);
        if (!why.empty())
            return why;
    }
    switch (err) {
    case EBUSY:
        return "a task is executing (or sleeping in) a function the patch replaces, so it "
               "could not be switched safely; retry when the system is quieter";
    case EEXIST:
        return "a module of that name is already loaded (kpatch list)";
    case ENOENT:
        return "a symbol the patch needs was not found in the running kernel: the patch was "
               "built for another kernel or module version";
    case ENOTUNIQ:
        return "a symbol the patch needs is ambiguous in the running kernel";
    case EINVAL:
        return "the kernel refused the module: wrong kernel release, or the original code "
               "does not match (see the kernel log lines below)";
    case ENOEXEC:
        return "not a valid module for this kernel (wrong architecture or a damaged file)";
    case EKEYREJECTED:
    case ENOKEY:
        return "the kernel enforces module signatures and this module's signature is "
               "missing or not trusted: rebuild with kpatch-build --sign-key/--sign-cert";
    case EPERM:
        return "not permitted: run as root (CAP_SYS_MODULE), and check lockdown/"
               "modules_disabled";
    case ENODEV:
        return "the kpatch core module (kpatch.ko) is not loaded";
    default:
        return strerror(err);
    }
}

}  // namespace

std::string running_release()
{
    utsname u;
    uname(&u);
    return u.release;
}

bool module_loaded(const std::string &name) { return is_dir("/sys/module/" + module_name(name)); }

bool core_loaded() { return is_dir(kSysfsRoot); }

unsigned long long kmsg_seq()
{
    // The sequence number one past the newest record: read them all once
    // (the log buffer is small) and keep the last number.
    int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    unsigned long long last = 0;
    bool any = false;
    char buf[8192];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0 && errno == EPIPE)
            continue;
        if (n <= 0)
            break;
        buf[n] = 0;
        if (sscanf(buf, "%*u,%llu", &last) == 1)
            any = true;
    }
    close(fd);
    return any ? last + 1 : 0;
}

std::vector<std::string> kmsg_since(unsigned long long since_seq,
                                    const std::vector<std::string> &needles)
{
    std::vector<std::string> out;
    int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return out;
    char buf[8192];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0 && errno == EPIPE)
            continue;  // overwritten records: skip ahead
        if (n <= 0)
            break;
        buf[n] = 0;
        unsigned long long seq = 0;
        if (sscanf(buf, "%*u,%llu", &seq) != 1 || seq < since_seq)
            continue;
        const char *msg = strchr(buf, ';');
        if (!msg)
            continue;
        std::string line(msg + 1);
        line = line.substr(0, line.find('\n'));
        for (const auto &needle : needles)
            if (line.find(needle) != std::string::npos) {
                out.push_back(line);
                break;
            }
    }
    close(fd);
    return out;
}

void insert_module(const std::string &path, const std::string &name, PatchKind kind)
{
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw KernelError(fmt::format("{}: {}", path, strerror(errno)));
    unsigned long long seq = kmsg_seq();
    long r = syscall(SYS_finit_module, fd, "", 0);
    int err = errno;
    close(fd);
    if (r == 0)
        return;
    std::string msg = fmt::format("loading {} failed: {} ({})", path, explain_load_errno(err, kind),
                                  strerrorname_np(err) ? strerrorname_np(err) : "?");
    auto lines = kmsg_since(seq, {name, "kpatch", "livepatch"});
    if (!lines.empty()) {
        msg += "\nkernel log:";
        for (const auto &l : lines)
            msg += "\n  " + l;
    }
    throw KernelError(msg);
}

void remove_module(const std::string &name)
{
    if (syscall(SYS_delete_module, name.c_str(), O_NONBLOCK) == 0)
        return;
    int err = errno;
    std::string why = err == EWOULDBLOCK || err == EBUSY
                          ? "it is in use (an enabled patch pins its module: disable it first)"
                      : err == ENOENT ? "no such module is loaded"
                                      : strerror(err);
    throw KernelError(fmt::format("removing module {} failed: {}", name, why));
}

PatchState patch_state(const std::string &name)
{
    std::string dir = std::string(kSysfsRoot) + "/" + name;
    if (!is_dir(dir))
        throw KernelError(fmt::format("no patch {} is loaded ({} missing)", name, dir));
    PatchState st;
    st.name = name;
    st.enabled = read_line(dir + "/enabled") == "1";
    st.window_ns = std::strtoull(read_line(dir + "/stop_machine_ns").c_str(), nullptr, 10);
    for (const auto &obj : subdirs(dir)) {
        st.objects.emplace_back(obj, read_line(dir + "/" + obj + "/patched") == "1");
        for (const auto &fn : subdirs(dir + "/" + obj))
            st.functions.push_back({obj, fn, read_line(dir + "/" + obj + "/" + fn + "/route")});
    }
    return st;
}

std::vector<PatchState> patches()
{
    std::vector<PatchState> out;
    for (const auto &name : subdirs(kSysfsRoot))
        out.push_back(patch_state(name));
    return out;
}

void set_enabled(const std::string &name, bool on)
{
    std::string path = std::string(kSysfsRoot) + "/" + name + "/enabled";
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        throw KernelError(fmt::format("{}: {}", path, strerror(errno)));
    unsigned long long seq = kmsg_seq();
    ssize_t n = write(fd, on ? "1" : "0", 1);
    int err = errno;
    close(fd);
    if (n == 1)
        return;
    std::string msg = fmt::format("{} patch {} failed: {}", on ? "enabling" : "disabling", name,
                                  err == EBUSY ? explain_load_errno(EBUSY) : strerror(err));
    for (const auto &l : kmsg_since(seq, {name, "kpatch"}))
        msg += "\n  " + l;
    throw KernelError(msg);
}

}  // namespace kpatch::cli
