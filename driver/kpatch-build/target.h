// SPDX-License-Identifier: GPL-2.0
//
// target.h - which kernel a patch is built for, from which inputs: the
// release (default: scripts/kernel-release), its build config, headers and
// source tarball, and the compiler, checked against the one that built the
// kernel.  Resolution only reads; it prepares nothing (a source package of
// another version is fetched when the tree is prepared: source_fetch.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace kpatch::build {

struct TargetOptions {
    std::string release;                 // -r; empty: default
    std::filesystem::path config;        // -c; empty: the headers' .config
    std::filesystem::path srcdir;        // -s; empty: the cached tree
    bool headers_only = false;           // --oot-module: builds against the headers,
                                         // needs no kernel source
};

struct Target {
    std::string release;                 // 6.1.0-56-amd64
    std::filesystem::path headers;       // /usr/src/linux-headers-<release>
    std::filesystem::path config;        // the exact build config
    std::filesystem::path tarball;       // /usr/src/linux-source-6.1.tar.xz, or the
                                         // cached one of source_version (source_fetch.h)
    std::string source_version;          // linux-source-6.1's version that built the
                                         // release (its headers' version); "" if unknown
    std::filesystem::path srcdir;        // -s, if given
    std::string cc;                      // as passed to make: "gcc-12", "ccache gcc-12"
    std::string cc_version;              // first line of `$CC --version`
    std::string kernel_cc_version;       // CONFIG_CC_VERSION_TEXT
    std::string config_hash;             // 16 hex digits of the config's contents
};

Target resolve_target(const TargetOptions &opts);

// The installed version of Debian package pkg ("" when not installed).
std::string package_version(const std::string &pkg);

// Value of CONFIG_<name> in a .config ("" when unset); quotes removed.
std::optional<std::string> config_value(const std::string &config_text, const std::string &name);

// The compiler identity without the program name: "(Debian 12.2.0-14+deb12u1) 12.2.0"
// from "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0".
std::string compiler_identity(const std::string &version_line);

}  // namespace kpatch::build
