// SPDX-License-Identifier: GPL-2.0
//
// apply.cc - see apply.h.
#include "apply.h"

#include "kernel.h"
#include "ko_file.h"
#include "livepatch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

namespace kpatch::cli {
namespace fs = std::filesystem;
namespace {

// The core module is needed before any patch: already loaded, given with
// --core, found beside the patch, or installed: by hand, or by kpatch-dkms
// (Debian's dkms puts modules in updates/dkms whatever dkms.conf says).
void ensure_core(const LoadOptions &o, const std::string &patch_path)
{
    if (core_loaded())
        return;
    std::vector<std::string> candidates;
    if (!o.core.empty())
        candidates.push_back(o.core);
    candidates.push_back((fs::path(patch_path).parent_path() / "kpatch.ko").string());
    candidates.push_back("/var/lib/kpatch/kpatch.ko");
    candidates.push_back("/lib/modules/" + running_release() + "/updates/dkms/kpatch.ko");
    candidates.push_back("/lib/modules/" + running_release() + "/extra/kpatch.ko");
    for (const auto &c : candidates) {
        if (!fs::exists(c))
            continue;
        fmt::print("loading core module {}\n", c);
        insert_module(c, "kpatch");
        if (core_loaded())
            return;
    }
    throw KernelError("the kpatch core module is not loaded and no kpatch.ko was found (beside "
                      "the patch, in /var/lib/kpatch or /lib/modules/" + running_release() +
                      "/{updates/dkms,extra}); install kpatch-dkms or pass --core "
                      "/path/to/kpatch.ko");
}

void wait_enabled(const std::string &name)
{
    // The core enables the patch inside the module's init, so it is
    // normally enabled at once; allow the sysfs files a moment to appear.
    for (int i = 0; i < 50; ++i) {
        try {
            if (patch_state(name).enabled)
                return;
        } catch (const KernelError &) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw KernelError(fmt::format("{} loaded but {}/{}/enabled did not become 1", name,
                                  kSysfsRoot, name));
}

std::string objects_summary(const PatchState &st)
{
    std::string s;
    for (const auto &[obj, patched] : st.objects)
        s += (s.empty() ? "" : ", ") + obj + (patched ? "" : " (not loaded yet)");
    return s.empty() ? std::string("-") : s;
}

void print_loaded(const PatchState &st)
{
    fmt::print("loaded {}: enabled, {} function{} patched in {}\n", st.name, st.functions.size(),
               st.functions.size() == 1 ? "" : "s", objects_summary(st));
}

void check_release(const KoInfo &info, const std::string &path)
{
    std::string release = running_release();
    if (!info.kernel_release.empty() && info.kernel_release != release)
        throw KernelError(fmt::format("{}: built for kernel {}, this is {}; rebuild it with "
                                      "kpatch-build -r {}",
                                      path, info.kernel_release, release, release));
}

void load_kpatch(const LoadOptions &o, const std::string &path, const std::string &name)
{
    if (module_loaded(name)) {
        // Loaded but disabled (echo 0 > enabled, or a failed re-enable):
        // loading it again means enabling it again.
        if (core_loaded() && fs::exists(std::string(kSysfsRoot) + "/" + name) &&
            !patch_state(name).enabled) {
            set_enabled(name, true);
            fmt::print("re-enabled {}\n", name);
            return;
        }
        throw KernelError(fmt::format("{} is already loaded (kpatch list)", name));
    }
    ensure_core(o, path);
    insert_module(path, name);
    wait_enabled(name);
    print_loaded(patch_state(name));
}

// The module may stay pinned a moment after its livepatch is freed.
void remove_when_free(const std::string &name, std::chrono::seconds timeout)
{
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        try {
            remove_module(name);
            return;
        } catch (const KernelError &) {
            if (std::chrono::steady_clock::now() >= deadline || !module_loaded(name))
                throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// Already loaded: a livepatch still unpatching is enabled again by
// reversing its transition; one the kernel already freed (disabled and
// done) cannot be, so its module is removed and inserted anew.
bool reload_livepatch(const LoadOptions &o, const std::string &name)
{
    if (livepatch_present(name)) {
        if (livepatch_state(name).enabled)
            throw KernelError(fmt::format("{} is already loaded (kpatch list)", name));
        livepatch_set_enabled(name, true);
        livepatch_wait_transition(name, kKlpPatched, o.timeout);
        fmt::print("re-enabled {}\n", name);
        return true;
    }
    fmt::print("{} is loaded but disabled: removing it to load it again\n", name);
    remove_when_free(name, o.timeout);
    return false;
}

void load_livepatch(const LoadOptions &o, const std::string &path, const std::string &name)
{
    if (module_loaded(name) && reload_livepatch(o, name))
        return;
    insert_module(path, name, PatchKind::livepatch);
    fmt::print("{}: waiting for the livepatch transition (up to {} s)\n", name,
               o.timeout.count());
    std::fflush(stdout);  // before a report on stderr
    livepatch_wait_transition(name, kKlpPatched, o.timeout);
    print_loaded(livepatch_state(name));
}

// Disable, wait for the unpatch transition and for the kernel to free
// the patch: only then does it let go of the module.
void unload_livepatch(const LoadOptions &o, const std::string &name)
{
    if (livepatch_state(name).enabled)
        livepatch_set_enabled(name, false);
    fmt::print("{}: waiting for the unpatch transition (up to {} s)\n", name, o.timeout.count());
    std::fflush(stdout);
    livepatch_wait_transition(name, kKlpUnpatched, o.timeout);
    livepatch_wait_gone(name, o.timeout);
    remove_when_free(name, o.timeout);
}

}  // namespace

void load_patch(const LoadOptions &o, const std::string &path)
{
    KoInfo info = read_ko(path);
    if (!info.is_patch())
        throw KernelError(fmt::format("{}: not a patch module (no {} section, no modinfo "
                                      "livepatch=Y)", path, ".kpatch.patch"));
    check_release(info, path);
    std::string name = info.name.empty() ? module_name(path) : info.name;
    if (info.kind == PatchKind::livepatch)
        load_livepatch(o, path, name);
    else
        load_kpatch(o, path, name);
}

void unload_patch(const LoadOptions &o, const std::string &name)
{
    bool kpatch_patch = core_loaded() && fs::exists(std::string(kSysfsRoot) + "/" + name);
    if (livepatch_present(name)) {
        unload_livepatch(o, name);
    } else if (kpatch_patch) {
        if (patch_state(name).enabled)
            set_enabled(name, false);
        remove_module(name);
    } else {
        // Neither tree has it: a livepatch the kernel is freeing (disabled
        // by hand) still pins its module for a moment.
        remove_when_free(name, std::min(o.timeout, std::chrono::seconds(5)));
    }
    fmt::print("unloaded {}\n", name);
}

}  // namespace kpatch::cli
