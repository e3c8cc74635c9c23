// SPDX-License-Identifier: GPL-2.0
//
// source_fetch.h - the exact source of a release whose linux-source-6.1
// version is not the installed one: that version's package, downloaded
// with `apt-get download linux-source-6.1=VERSION` (Debian keeps older
// versions in the archive) and unpacked with dpkg-deb, once per version,
// into ${XDG_CACHE_HOME:-~/.cache}/kpatch/source/VERSION/linux-source-6.1.tar.xz.
// Installs nothing and needs no root; only the tarball is kept.  Does not
// decide which version a release needs (target.h does).
#pragma once

#include <filesystem>
#include <string>

namespace kpatch::build {

// Where the tarball of that version is (or will be) cached.
std::filesystem::path cached_source_tarball(const std::string &version);

// Downloads and unpacks it unless it is cached; returns its path.  Throws
// Error saying what to install or download when it cannot.
std::filesystem::path fetch_source_tarball(const std::string &version);

}  // namespace kpatch::build
