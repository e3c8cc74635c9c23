// SPDX-License-Identifier: GPL-2.0
//
// install.h - make patches load at boot.  Installed modules live in
// /var/lib/kpatch/<release>/ (the release the module was built for, from
// its vermagic), and a systemd unit, kpatch.service, runs `kpatch load
// --all` early in boot; it is enabled with the first install and disabled
// with the last uninstall, unless a package installed it in
// /lib/systemd/system (then it stays as the package left it).  `root`
// prefixes every path (tests, images).
#pragma once

#include <string>
#include <vector>

namespace kpatch::cli {

std::string install_dir(const std::string &root, const std::string &release);

// Returns the installed path.
std::string install_module(const std::string &ko, const std::string &release,
                           const std::string &root, const std::string &kpatch_exe);

// Removes NAME (module name or file name) for `release`; returns the
// removed path.  Throws std::runtime_error if not installed.
std::string uninstall_module(const std::string &name, const std::string &release,
                             const std::string &root);

std::vector<std::string> installed(const std::string &release, const std::string &root);

}  // namespace kpatch::cli
