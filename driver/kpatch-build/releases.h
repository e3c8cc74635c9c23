// SPDX-License-Identifier: GPL-2.0
//
// releases.h - one fix built for several kernel releases in one run
// (`-r A -r B`, `-r A,B`, `-r all`), and the one report of that run.
//
// Each release is an independent single-release build (main.cc's run(),
// with its own Build state, cached tree, originals and core module), done
// one after the other; this file only expands the list, runs the callback
// for each release, classifies what it ended with and reports.  Every
// release ends in exactly one status:
//
//   built          its modules, under OUTDIR/RELEASE/
//   already fixed  the patch reverse-applies to that release's source
//   not affected   the patched code is not built in that configuration
//   refused        the change cannot be live-patched (the reason)
//   failed         the build could not be done (the error, the log)
//
// A pipeline asks "is every supported kernel covered?": built, already
// fixed and not affected all answer yes, so the exit status is 0 unless a
// release was refused or failed (1), or the run was interrupted (128+N).
#pragma once

#include "error.h"
#include "options.h"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kpatch::build {

enum class ReleaseStatus { Built, AlreadyFixed, NotAffected, Refused, Failed };

const char *status_name(ReleaseStatus s);  // "built", "already fixed", ...
ReleaseStatus status_of(ErrorKind kind);    // the status a build's Error means

struct ReleaseModule {
    std::string format;  // "kpatch", "klp"
    std::filesystem::path path;
    std::filesystem::path deb;  // --deb; empty: none
};

struct ReleaseResult {
    std::string release;
    ReleaseStatus status = ReleaseStatus::Failed;
    std::vector<ReleaseModule> modules;  // built only
    std::string error;                   // why it is not built (the whole message)
    std::filesystem::path core;          // kpatch.ko to load with the modules
    std::filesystem::path log;           // the build log kept for a failure
    double seconds = 0;
    int signal = 0;                      // interrupted by this signal: the run stops
};

// A Debian 6.1 ABI (linux-image-6.1.0-N-amd64) and its package version,
// which is also the version of linux-source-6.1 it was built from.
struct Abi {
    std::string release;  // 6.1.0-57-amd64
    std::string version;  // 6.1.192-3
    bool headers_installed = false;
    bool headers_listed = false;  // linux-headers-RELEASE is in the package lists
    bool buildable() const { return headers_installed || headers_listed; }
};

// The ABIs in `apt-cache show` output (stanzas of linux-image-* and
// linux-headers-* packages) plus those whose headers are installed, sorted
// by ABI number; installed: release -> headers' version.  An old image may
// be listed without its headers: -r all leaves it out (not buildable()).
std::vector<Abi> abis_from(std::string_view apt_show,
                           const std::vector<std::pair<std::string, std::string>> &installed);

// The same from this machine: apt-cache and /usr/src/linux-headers-*.
std::vector<Abi> debian_abis();

// "all" replaced by every buildable ABI's release; each release once, in order.
std::vector<std::string> expand_releases(const std::vector<std::string> &requested,
                                         const std::vector<Abi> &abis);

// What -r all found, for stderr: "2 Debian 6.1 ABIs ...: 6.1.0-56-amd64
// (6.1.192-2), ...", and the images left out for want of headers.
std::string describe_abis(const std::vector<Abi> &abis);

// One line of the final report: "6.1.0-57-amd64: already fixed: ...".
std::string report_line(const ReleaseResult &r);

// The --json document of a run for several releases.
std::string report_json(const std::string &name, const std::vector<ReleaseResult> &results,
                        double seconds);

int exit_status(const std::vector<ReleaseResult> &results);

// Builds one release into outdir and says how it ended (never throws for
// the build's own errors: they are the result).
using BuildRelease =
    std::function<ReleaseResult(const std::string &release, const std::filesystem::path &outdir)>;

// Expands opt.releases, builds each into OUTDIR/RELEASE/, prints each
// outcome as it comes and the report at the end; returns the exit status.
int run_releases(const Options &opt, const BuildRelease &build);

}  // namespace kpatch::build
