// SPDX-License-Identifier: GPL-2.0
//
// options.h - kpatch-build's command line, in the spirit of upstream
// kpatch-build so its users feel at home.  Parsing only; the files the
// options name are checked by preflight.h.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace kpatch::build {

// The kinds of patch module kpatch-build writes: for kpatch.ko
// (kpatch-NAME.ko) or for the kernel's own livepatch (livepatch-NAME.ko).
enum class ModuleFormat { Kpatch, Klp };

const char *format_name(ModuleFormat f);    // "kpatch", "klp"
const char *module_prefix(ModuleFormat f);  // "kpatch-", "livepatch-"

// PREFIX + NAME is the module's name: at most MODULE_NAME_LEN - 1 = 55
// characters (include/linux/module.h, 64 - sizeof(unsigned long)).
inline constexpr size_t kMaxModuleName = 55;
// A default NAME (from the patch file) is cut to fit every prefix.
inline constexpr size_t kMaxNameLength = kMaxModuleName - 10;  // "livepatch-"

struct Options {
    std::vector<std::filesystem::path> patches;
    std::filesystem::path srcdir;       // -s
    std::filesystem::path config;       // -c
    std::string release;                // -r, when one release is asked for
    // Every -r, split at commas, each once, in the given order; "all"
    // stands for every Debian 6.1 ABI (releases.h resolves it).
    std::vector<std::string> releases;
    std::vector<std::string> targets;   // -t (vmlinux or module names)
    std::string name;                   // -n
    std::filesystem::path outdir = "."; // -o
    std::filesystem::path oot_module;   // --oot-module
    std::filesystem::path oot_module_ko;  // --oot-module-ko: the module as users load it
    int jobs = 2;                       // -j
    bool keep = false;
    bool debug = false;
    bool json = false;
    bool no_line_fix = false;
    int fuzz = 0;                       // --fuzz: context lines that may differ
    bool deb = false;                   // --deb: each module as a Debian package too
    std::string deb_version = "1";      // --deb-version
    std::filesystem::path sign_key, sign_cert;
    std::filesystem::path plugin;       // --plugin (default: the build tree's)
    std::string remote_plugin_cc;       // --remote-plugin-cc: plugin compiles through distcc
    std::vector<ModuleFormat> formats{ModuleFormat::Kpatch};  // --format, in the given order
    bool non_replace = false;           // -R: a livepatch module without klp_patch.replace
    bool help = false;
    bool paths = false;                 // --paths: print data_paths() and exit
    bool prepare_tree = false;          // --prepare-tree: prepare the cached tree, print its path
    // Given on the command line (an empty value is then an error).
    bool release_given = false, srcdir_given = false, config_given = false;
    bool name_given = false, oot_given = false, plugin_given = false;
    bool remote_plugin_cc_given = false;
};

// Several releases (or -r all): one build each and one report (releases.h).
bool several_releases(const Options &o);

// Throws Error with a usage hint on bad input.  Checks the values' form
// only; preflight.h checks the files they name.
Options parse_options(int argc, char **argv);

std::string usage();

// "version-proc" from "patches/version-proc.patch": a valid module name part.
std::string default_name(const std::filesystem::path &patch);

}  // namespace kpatch::build
