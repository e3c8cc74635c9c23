// SPDX-License-Identifier: GPL-2.0
//
// install.cc - see install.h.
#include "install.h"

#include "kernel.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace kpatch::cli {
namespace fs = std::filesystem;
namespace {

fs::path unit_path(const std::string &root)
{
    return fs::path(root + "/etc/systemd/system/kpatch.service");
}

fs::path wants_link(const std::string &root)
{
    return fs::path(root + "/etc/systemd/system/multi-user.target.wants/kpatch.service");
}

// kpatch-toolchain (packaging/deb) ships the unit in /lib and enables it
// at install: systemd is then the package's business, and a copy in /etc
// would only shadow the package's unit and outlive its purge.
bool packaged_unit(const std::string &root)
{
    return fs::exists(root + "/lib/systemd/system/kpatch.service");
}

void enable_unit(const std::string &root, const std::string &exe)
{
    fs::create_directories(unit_path(root).parent_path());
    std::ofstream(unit_path(root)) << fmt::format(
        "# Written by kpatch install: loads the installed live patches at boot.\n"
        "[Unit]\n"
        "Description=Apply kpatch live patches\n"
        "DefaultDependencies=no\n"
        "After=local-fs.target\n"
        "Before=sysinit.target shutdown.target\n"
        "Conflicts=shutdown.target\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        "RemainAfterExit=yes\n"
        "ExecStart={} load --all\n"
        "\n"
        "[Install]\n"
        "WantedBy=multi-user.target\n",
        exe);
    fs::create_directories(wants_link(root).parent_path());
    if (!fs::is_symlink(wants_link(root)))
        fs::create_symlink("../kpatch.service", wants_link(root));
}

}  // namespace

std::string install_dir(const std::string &root, const std::string &release)
{
    return root + "/var/lib/kpatch/" + release;
}

std::string install_module(const std::string &ko, const std::string &release,
                           const std::string &root, const std::string &kpatch_exe)
{
    fs::path dir = install_dir(root, release);
    fs::create_directories(dir);
    fs::path dest = dir / fs::path(ko).filename();
    fs::path tmp = dest;
    tmp += ".tmp";
    fs::copy_file(ko, tmp, fs::copy_options::overwrite_existing);
    fs::rename(tmp, dest);
    if (!packaged_unit(root))
        enable_unit(root, kpatch_exe);
    return dest.string();
}

std::vector<std::string> installed(const std::string &release, const std::string &root)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(install_dir(root, release), ec))
        if (e.path().extension() == ".ko")
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string uninstall_module(const std::string &name, const std::string &release,
                             const std::string &root)
{
    std::string want = module_name(name);
    for (const auto &p : installed(release, root)) {
        if (module_name(p) != want)
            continue;
        fs::remove(p);
        bool any = false;  // the unit serves every release
        for (const auto &e : fs::recursive_directory_iterator(root + "/var/lib/kpatch"))
            any = any || e.path().extension() == ".ko";
        if (!any && !packaged_unit(root)) {
            fs::remove(wants_link(root));
            fs::remove(unit_path(root));
        }
        return p;
    }
    throw std::runtime_error(fmt::format("{} is not installed for {} (in {})", name, release,
                                         install_dir(root, release)));
}

}  // namespace kpatch::cli
