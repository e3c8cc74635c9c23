// SPDX-License-Identifier: GPL-2.0
//
// options.h - kpatch-build's command line, in the spirit of upstream
// kpatch-build so its users feel at home.  Parsing only; no validation
// that needs the file system beyond what getopt does.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kpatch::build {

struct Options {
    std::vector<std::filesystem::path> patches;
    std::filesystem::path srcdir;       // -s
    std::filesystem::path config;       // -c
    std::string release;                // -r
    std::vector<std::string> targets;   // -t (vmlinux or module names)
    std::string name;                   // -n
    std::filesystem::path outdir = "."; // -o
    std::filesystem::path oot_module;   // --oot-module
    int jobs = 2;                       // -j
    bool keep = false;
    bool debug = false;
    bool json = false;
    bool no_line_fix = false;
    std::filesystem::path sign_key, sign_cert;
    std::filesystem::path plugin;       // --plugin (default: the build tree's)
    bool help = false;
    bool paths = false;                 // --paths: print data_paths() and exit
    bool prepare_tree = false;          // --prepare-tree: prepare the cached tree, print its path
};

// Throws Error with a usage hint on bad input.
Options parse_options(int argc, char **argv);

std::string usage();

// "version-proc" from "patches/version-proc.patch": a valid module name part.
std::string default_name(const std::filesystem::path &patch);

}  // namespace kpatch::build
