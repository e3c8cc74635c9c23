// SPDX-License-Identifier: GPL-2.0
//
// deb.h - kpatch-build --deb: a patch module as a Debian package for
// exactly the kernel it was built for.
//
// The package is named after the module and the ABI
// (livepatch-fix-6.1.0-57-amd64), Depends: on exactly that kernel image
// (linux-image-ABI (= the headers' version, which the image shares)) and
// on kpatch-toolchain (and kpatch-dkms, the core module, for the kpatch
// format), and installs the module as /var/lib/kpatch/ABI/MODULE.ko, where
// `kpatch load --all` (kpatch.service, at boot) finds it.  Its postinst
// loads the patch and its prerm unloads it when the running kernel is
// that ABI; on any other kernel they do nothing.
#pragma once

#include <filesystem>
#include <string>

#include "options.h"

namespace kpatch::build {

struct DebRequest {
    std::filesystem::path module;  // the built, possibly signed, .ko
    ModuleFormat format;
    std::string release;           // 6.1.0-57-amd64
    std::string image_version;     // the Debian version of linux-image-<release>
    std::string version;           // the package's own version (--deb-version)
    std::string summary;           // what the patch is, for the description
};

// The Debian package name for a module and release.
std::string deb_package_name(const std::filesystem::path &module, const std::string &release);

// Writes PACKAGE_VERSION_amd64.deb into outdir (staged under workdir) and
// returns its path.  Throws Error naming what failed (dpkg-deb missing,
// a bad version).
std::filesystem::path build_deb(const DebRequest &req, const std::filesystem::path &outdir,
                                const std::filesystem::path &workdir);

}  // namespace kpatch::build
