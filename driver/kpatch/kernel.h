// SPDX-License-Identifier: GPL-2.0
//
// kernel.h - talk to the running kernel: insert and remove modules
// (finit_module/delete_module, no modprobe needed), the core module's
// sysfs tree (/sys/kernel/kpatch/<patch>/enabled, <object>/patched,
// <object>/<function>/), and the kernel log lines that explain a refusal.
// Turning errno into advice lives here too; nothing here reads .ko files.
// The kernel's livepatch tree (/sys/kernel/livepatch) is livepatch.h's.
#pragma once

#include "patch_kind.h"

#include <stdexcept>
#include <cstdint>
#include <string>
#include <vector>

#include <kpatch/module_name.h>

namespace kpatch::cli {

inline constexpr const char *kSysfsRoot = "/sys/kernel/kpatch";

// A replaced function of a loaded patch, from sysfs.
struct LiveFunction {
    std::string object;  // vmlinux or a module name
    std::string name;
    std::string route;   // jump, bridge, stub, trampoline, handler or none (kmod/core/sysfs.c)
};

struct PatchState {
    std::string name;                    // module name
    PatchKind kind = PatchKind::kpatch;
    bool enabled = false;
    bool transition = false;             // livepatch: a (un)patch transition is under way
    uint64_t window_ns = 0;              // last transition's stop_machine()
    std::vector<std::pair<std::string, bool>> objects;  // object, patched
    std::vector<LiveFunction> functions;
};

class KernelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// uname -r.
std::string running_release();

// module_name(): kpatch/module_name.h.

bool module_loaded(const std::string &name);

// Inserts the module; on failure throws KernelError with the errno's
// meaning for a patch module of that kind and the kernel log lines it
// produced.
void insert_module(const std::string &path, const std::string &name,
                   PatchKind kind = PatchKind::kpatch);

void remove_module(const std::string &name);

bool core_loaded();
std::vector<PatchState> patches();
PatchState patch_state(const std::string &name);  // throws if not loaded

// Writes 0/1 to <patch>/enabled.
void set_enabled(const std::string &name, bool on);

// Small sysfs/procfs readers shared with livepatch.cc.
std::string read_line(const std::string &path);  // first line; "" if unreadable
bool is_dir(const std::string &path);
std::vector<std::string> subdirs(const std::string &path);  // sorted

// Kernel log lines (from /dev/kmsg) newer than `since_seq` that mention
// any of `needles`.  kmsg_seq() is the current end.
unsigned long long kmsg_seq();
std::vector<std::string> kmsg_since(unsigned long long since_seq,
                                    const std::vector<std::string> &needles);

}  // namespace kpatch::cli
