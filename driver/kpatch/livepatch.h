// SPDX-License-Identifier: GPL-2.0
//
// livepatch.h - the kernel's livepatch as the kpatch tool sees it:
// /sys/kernel/livepatch/<patch>/{enabled,transition,force} with one
// directory per object and "<function>,<sympos>" directories under it,
// and the per-task /proc/<pid>/task/<tid>/patch_state that says who holds
// a transition.  Loading and removing the module itself is kernel.h's.
//
// A livepatch switches each task when it is outside every function the
// patch changes (the consistency model); a task sleeping inside one holds
// the whole transition.  The tool waits for it with a timeout and, when
// it does not finish, names the tasks and what the user can do: it never
// forces a transition itself.
#pragma once

#include "kernel.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpatch::cli {

inline constexpr const char *kLivepatchRoot = "/sys/kernel/livepatch";

// The per-task states of include/linux/livepatch.h.
inline constexpr int kKlpUndefined = -1;  // no transition under way
inline constexpr int kKlpUnpatched = 0;
inline constexpr int kKlpPatched = 1;

bool livepatch_present(const std::string &name);  // its sysfs directory exists
std::vector<PatchState> livepatches();
PatchState livepatch_state(const std::string &name);  // throws if not present

// Writes 0/1 to <patch>/enabled; 1 is only accepted while the patch is
// still unpatching (it reverses that transition).
void livepatch_set_enabled(const std::string &name, bool on);

// "1\n" -> 1; nullopt for anything but -1, 0 or 1.
std::optional<int> parse_patch_state(std::string_view text);

// Whether a /proc/PID/stat line is a kernel thread's (PF_KTHREAD in its
// flags, the 9th field, counted after the parenthesised comm).
bool stat_is_kernel_thread(std::string_view stat);

// A task that has not reached the transition's target state yet.
struct HeldTask {
    int pid = 0;          // the thread's id (what kill takes)
    std::string comm;
    int state = 0;        // its patch_state
    bool kernel_thread = false;  // signals do not move it (PF_KTHREAD in stat)
    std::string stack;    // /proc/<pid>/task/<tid>/stack, "" if unreadable
    std::string stack_error;
};

// Every task under proc_root whose patch_state is neither `target` nor
// undefined (a task that read undefined saw the transition end).
std::vector<HeldTask> tasks_holding(int target, const std::string &proc_root = "/proc");

// The report when a transition to `target` did not finish in `waited`:
// the tasks, then what the user can do.
std::string held_report(const std::string &name, int target, std::chrono::seconds waited,
                        const std::vector<HeldTask> &tasks);

// Waits until <patch>/transition reads 0 (or, when unpatching, the patch
// is gone); throws KernelError with held_report() on timeout.
void livepatch_wait_transition(const std::string &name, int target,
                               std::chrono::seconds timeout);

// Waits until the kernel freed a disabled patch (its sysfs directory is
// gone), after which its module may be removed.
void livepatch_wait_gone(const std::string &name, std::chrono::seconds timeout);

}  // namespace kpatch::cli
