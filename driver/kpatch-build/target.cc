// SPDX-License-Identifier: GPL-2.0
//
// target.cc - see target.h.
#include "target.h"

#include "paths.h"
#include "release_match.h"
#include "source_fetch.h"

#include "error.h"
#include "process.h"
#include "util.h"

#include <fmt/core.h>

#include <cstdlib>
#include <unistd.h>

namespace kpatch::build {
namespace {

std::string default_release()
{
    fs::path script = data_paths().kernel_release;
    if (!fs::exists(script))
        throw Error("no -r RELEASE given and {} is missing: pass -r", script.string());
    auto r = process::run({{script.string()}, {}, {}});
    if (r.exit_code != 0)
        throw Error("no target kernel: {}", trim(r.output));
    return trim(r.output);
}

bool in_path(const std::string &prog)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    std::string p(path);
    size_t pos = 0;
    while (pos <= p.size()) {
        size_t colon = p.find(':', pos);
        if (colon == std::string::npos)
            colon = p.size();
        fs::path cand = fs::path(p.substr(pos, colon - pos)) / prog;
        if (access(cand.c_str(), X_OK) == 0)
            return true;
        pos = colon + 1;
    }
    return false;
}

// CC from the environment (compiler launchers: "ccache gcc-12"), otherwise
// the program named in CONFIG_CC_VERSION_TEXT, which is what built the kernel.
std::string choose_cc(const std::string &kernel_text)
{
    if (const char *cc = getenv("CC"); cc && *cc)
        return cc;
    auto words = split_words(kernel_text);
    if (!words.empty() && in_path(words[0]))
        return words[0];
    return "gcc";
}

void check_compiler(Target &t)
{
    auto argv = split_words(t.cc);
    argv.push_back("--version");
    auto r = process::run({argv, {}, {}});
    if (r.exit_code != 0)
        throw Error("cannot run the compiler '{}': {}\nInstall gcc or set CC.", t.cc,
                    process::tail(r.output, 3));
    t.cc_version = trim(split_lines(r.output).at(0));
    if (compiler_identity(t.cc_version) != compiler_identity(t.kernel_cc_version)) {
        throw Error(
            "compiler mismatch: kernel {} was built by\n    {}\n(CONFIG_CC_VERSION_TEXT in {}), "
            "but CC='{}' is\n    {}\nCode from another compiler may differ from the running "
            "kernel. Install the compiler that built the kernel and point CC at it.",
            t.release, t.kernel_cc_version, t.config.string(), t.cc, t.cc_version);
    }
}


// The exact source of a release is linux-source-6.1 of its headers'
// version: the installed tarball when that is the version installed,
// otherwise that version's package, fetched into the cache when the tree is
// prepared (source_fetch.h).  Without dpkg versions (not a Debian system,
// hand-installed headers) the installed tarball is all there is.
void choose_source(Target &t)
{
    fs::path installed = "/usr/src/linux-source-6.1.tar.xz";
    std::string have = package_version("linux-source-6.1");
    t.source_version = package_version("linux-headers-" + t.release);
    if (t.source_version.empty() || t.source_version == have) {
        t.tarball = installed;
        if (!fs::exists(t.tarball))
            throw Error("{} missing: install linux-source-6.1{} (scripts/install-deps)",
                        t.tarball.string(),
                        t.source_version.empty() ? "" : "=" + t.source_version);
        return;
    }
    t.tarball = cached_source_tarball(t.source_version);
}

}  // namespace

std::string package_version(const std::string &pkg)
{
    auto r = process::run({{"dpkg-query", "-W", "-f", "${Version}", pkg}, {}, {}});
    return r.exit_code == 0 ? trim(r.output) : std::string();
}

std::optional<std::string> config_value(const std::string &config_text, const std::string &name)
{
    std::string key = "CONFIG_" + name + "=";
    for (const auto &line : split_lines(config_text)) {
        if (line.rfind(key, 0) != 0)
            continue;
        std::string v = line.substr(key.size());
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = v.substr(1, v.size() - 2);
        return v;
    }
    return std::nullopt;
}

std::string compiler_identity(const std::string &version_line)
{
    size_t sp = version_line.find(' ');
    return sp == std::string::npos ? version_line : trim(version_line.substr(sp));
}

Target resolve_target(const TargetOptions &opts)
{
    Target t;
    t.release = opts.release.empty() ? default_release() : opts.release;
    t.headers = fs::path("/usr/src") / ("linux-headers-" + t.release);
    if (!fs::exists(t.headers / "Makefile"))
        throw Error("{}: kernel headers for {} are not installed; install them: "
                    "apt-get install linux-headers-{}",
                    t.headers.string(), t.release, t.release);
    check_headers_release(t.headers, t.release);
    if (!opts.config.empty())
        t.config = opts.config;
    else if (fs::exists(t.headers / ".config"))
        t.config = t.headers / ".config";  // has CONFIG_BUILD_SALT, /boot's lacks it
    else
        t.config = fs::path("/boot") / ("config-" + t.release);
    if (!fs::exists(t.config))
        throw Error("{}: no build config for {}; pass -c CONFIG", t.config.string(), t.release);
    std::string text = read_file(t.config);
    t.config_hash = hex64(fnv1a(text, fnv1a(t.release)));
    auto cc_text = config_value(text, "CC_VERSION_TEXT");
    if (!cc_text)
        throw Error("{}: no CONFIG_CC_VERSION_TEXT: is this a kernel .config?", t.config.string());
    t.kernel_cc_version = *cc_text;
    t.cc = choose_cc(t.kernel_cc_version);
    if (opts.headers_only) {
        // An out-of-tree module is rebuilt against the headers alone.
    } else if (!opts.srcdir.empty()) {
        t.srcdir = fs::absolute(opts.srcdir);
        if (!fs::exists(t.srcdir / "Makefile"))
            throw Error("{}: not a kernel source tree (no Makefile)", t.srcdir.string());
    } else if (!t.release.starts_with("6.1.")) {
        throw Error("release {}: only 6.1 kernels have a source package here "
                    "(linux-source-6.1); pass -s SRCDIR with that kernel's source",
                    t.release);
    } else {
        choose_source(t);
    }
    check_compiler(t);
    return t;
}

}  // namespace kpatch::build
