// SPDX-License-Identifier: GPL-2.0
//
// releases.cc - see releases.h.
#include "releases.h"

#include "process.h"
#include "progress.h"
#include "report.h"
#include "util.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace kpatch::build {
namespace {

constexpr std::string_view kImage = "linux-image-";
constexpr std::string_view kHeaders = "linux-headers-";

// "6.1.0-57-amd64" -> 57; -1 when it is not a Debian 6.1 ABI.
int abi_number(std::string_view release)
{
    constexpr std::string_view prefix = "6.1.0-", suffix = "-amd64";
    if (!release.starts_with(prefix) || !release.ends_with(suffix))
        return -1;
    std::string_view n = release.substr(prefix.size(),
                                        release.size() - prefix.size() - suffix.size());
    if (n.empty() || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    return std::stoi(std::string(n));
}

// ABI -> version, from the image packages' stanzas (headers': same source
// package, same version; used when the image stanza is missing).
struct Listed {
    std::string version;
    bool headers = false;
};

void add_stanza(std::map<std::string, Listed> &out, const std::string &pkg,
                const std::string &version)
{
    for (std::string_view kind : {kImage, kHeaders}) {
        if (!pkg.starts_with(kind) || abi_number(pkg.substr(kind.size())) < 0)
            continue;
        Listed &l = out[pkg.substr(kind.size())];
        if (kind == kHeaders)
            l.headers = true;
        if (l.version.empty() || kind == kImage)
            l.version = version;
    }
}

std::map<std::string, Listed> parse_apt_show(std::string_view text)
{
    std::map<std::string, Listed> out;
    std::string pkg;
    for (const auto &line : split_lines(text)) {
        if (line.starts_with("Package: "))
            pkg = trim(line.substr(9));
        else if (line.starts_with("Version: ") && !pkg.empty())
            add_stanza(out, pkg, trim(line.substr(9)));
        else if (line.empty())
            pkg.clear();
    }
    return out;
}

// The gist of a message for its report line: the first line, and the
// next one too when the first only introduces it ("...patched code:").
std::string gist(const std::string &text)
{
    std::vector<std::string> lines = split_lines(text);
    if (lines.empty())
        return "";
    std::string s = lines[0];
    if (s.ends_with(":") && lines.size() > 1)
        s += " " + trim(lines[1]);
    return s;
}

Json json_modules(const std::vector<ReleaseModule> &modules)
{
    Json out = Json::array();
    for (const ReleaseModule &m : modules) {
        Json j = {{"format", m.format}, {"path", m.path.string()}};
        if (!m.deb.empty())
            j["deb"] = m.deb.string();
        out.push_back(std::move(j));
    }
    return out;
}

Json json_release(const ReleaseResult &r)
{
    return {{"release", r.release},         {"status", status_name(r.status)},
            {"modules", json_modules(r.modules)}, {"error", r.error},
            {"core", r.core.string()},      {"log", r.log.string()},
            {"seconds", json_seconds(r.seconds)}};
}

std::vector<Abi> find_abis(const Options &opt)
{
    if (std::find(opt.releases.begin(), opt.releases.end(), "all") == opt.releases.end())
        return {};
    std::vector<Abi> abis = debian_abis();
    if (std::none_of(abis.begin(), abis.end(), [](const Abi &a) { return a.buildable(); }))
        throw Error("-r all: no Debian 6.1 ABI found: no linux-image-6.1.0-N-amd64 in the "
                    "package lists and no /usr/src/linux-headers-6.1.0-N-amd64. Run "
                    "`apt-get update`, or name the releases with -r");
    fmt::print(stderr, "kpatch-build: -r all: {}\n", describe_abis(abis));
    return abis;
}

void print_outcome(const ReleaseResult &r)
{
    if (r.status == ReleaseStatus::Built)
        return;  // the build said what it built
    const char *what = r.status == ReleaseStatus::Failed ? "error" : status_name(r.status);
    fmt::print(stderr, "kpatch-build: {}: {}: {}\n", r.release, what, r.error);
    if (!r.log.empty())
        fmt::print(stderr, "kpatch-build: {}: log: {}\n", r.release, r.log.string());
}

}  // namespace

const char *status_name(ReleaseStatus s)
{
    switch (s) {
    case ReleaseStatus::Built: return "built";
    case ReleaseStatus::AlreadyFixed: return "already fixed";
    case ReleaseStatus::NotAffected: return "not affected";
    case ReleaseStatus::Refused: return "refused";
    case ReleaseStatus::Failed: break;
    }
    return "failed";
}

ReleaseStatus status_of(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::AlreadyFixed: return ReleaseStatus::AlreadyFixed;
    case ErrorKind::NotAffected: return ReleaseStatus::NotAffected;
    case ErrorKind::Refused: return ReleaseStatus::Refused;
    case ErrorKind::Failed: break;
    }
    return ReleaseStatus::Failed;
}

std::vector<Abi> abis_from(std::string_view apt_show,
                           const std::vector<std::pair<std::string, std::string>> &installed)
{
    std::map<std::string, Listed> listed = parse_apt_show(apt_show);
    std::map<std::string, Abi> abis;
    for (const auto &[release, l] : listed)
        abis[release] = {release, l.version, false, l.headers};
    for (const auto &[release, version] : installed) {
        if (abi_number(release) < 0)
            continue;
        Abi &a = abis[release];
        a.release = release;
        a.headers_installed = true;
        if (a.version.empty())
            a.version = version;
    }
    std::vector<Abi> out;
    for (auto &[release, a] : abis)
        out.push_back(a);
    std::sort(out.begin(), out.end(), [](const Abi &a, const Abi &b) {
        return abi_number(a.release) < abi_number(b.release);
    });
    return out;
}

std::vector<Abi> debian_abis()
{
    std::vector<std::pair<std::string, std::string>> installed;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator("/usr/src", ec)) {
        std::string name = e.path().filename().string();
        if (!name.starts_with(kHeaders) || !fs::exists(e.path() / "Makefile", ec))
            continue;
        std::string release = name.substr(kHeaders.size());
        auto v = process::run({{"dpkg-query", "-W", "-f", "${Version}", name}, {}, {}});
        installed.emplace_back(release, v.exit_code == 0 ? trim(v.output) : "");
    }
    auto search = process::run({{"apt-cache", "search", "--names-only",
                                 "^linux-(image|headers)-6\\.1\\.0-[0-9]+-amd64$"},
                                {}, {}});
    std::vector<std::string> show = {"apt-cache", "show", "--no-all-versions"};
    for (const auto &line : split_lines(search.output))
        if (auto words = split_words(line); !words.empty())
            show.push_back(words[0]);
    std::string listed;
    if (show.size() > 3)
        listed = process::run({show, {}, {}}).output;
    return abis_from(listed, installed);
}

std::vector<std::string> expand_releases(const std::vector<std::string> &requested,
                                         const std::vector<Abi> &abis)
{
    std::vector<std::string> out;
    auto add = [&](const std::string &r) {
        if (std::find(out.begin(), out.end(), r) == out.end())
            out.push_back(r);
    };
    for (const auto &r : requested) {
        if (r != "all")
            add(r);
        else
            for (const auto &a : abis)
                if (a.buildable())
                    add(a.release);
    }
    return out;
}

std::string describe_abis(const std::vector<Abi> &abis)
{
    std::vector<std::string> parts, left_out;
    size_t without = 0;
    for (const auto &a : abis) {
        if (!a.buildable()) {
            left_out.push_back(a.release);
            continue;
        }
        parts.push_back(fmt::format("{} ({}{})", a.release, a.version,
                                    a.headers_installed ? "" : ", headers not installed"));
        without += !a.headers_installed;
    }
    std::string s = fmt::format("{} Debian 6.1 {} in the package lists and /usr/src: {}",
                                parts.size(), parts.size() == 1 ? "ABI" : "ABIs",
                                fmt::join(parts, ", "));
    if (without)
        s += fmt::format("; {} without headers will fail until linux-headers-RELEASE is "
                         "installed",
                         without);
    if (!left_out.empty())
        s += fmt::format("; left out, their headers are no longer in the package lists: {}",
                         fmt::join(left_out, ", "));
    return s;
}

std::string report_line(const ReleaseResult &r)
{
    if (r.status == ReleaseStatus::Built) {
        std::vector<std::string> paths;
        for (const auto &m : r.modules)
            paths.push_back(m.path.string());
        return fmt::format("{}: built: {}", r.release, fmt::join(paths, " "));
    }
    return fmt::format("{}: {}: {}", r.release, status_name(r.status), gist(r.error));
}

std::string report_json(const std::string &name, const std::vector<ReleaseResult> &results,
                        double seconds)
{
    Json releases = Json::array();
    for (const ReleaseResult &r : results)
        releases.push_back(json_release(r));
    Json doc = {{"status", exit_status(results) == 0 ? "ok" : "error"},
                {"name", name},
                {"releases", std::move(releases)},
                {"seconds", json_seconds(seconds)}};
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

int exit_status(const std::vector<ReleaseResult> &results)
{
    int rc = 0;
    for (const auto &r : results) {
        if (r.signal)
            return 128 + r.signal;
        if (r.status == ReleaseStatus::Refused || r.status == ReleaseStatus::Failed)
            rc = 1;
    }
    return rc;
}

int run_releases(const Options &opt, const BuildRelease &build)
{
    auto start = std::chrono::steady_clock::now();
    std::vector<std::string> releases = expand_releases(opt.releases, find_abis(opt));
    std::vector<ReleaseResult> results;
    for (size_t i = 0; i < releases.size(); ++i) {
        fmt::print(stderr, "kpatch-build: == {} ({} of {}) ==\n", releases[i], i + 1,
                   releases.size());
        results.push_back(build(releases[i], opt.outdir / releases[i]));
        print_outcome(results.back());
        if (results.back().signal)
            break;
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (opt.json) {
        fmt::print("{}\n", report_json(opt.name, results, took.count()));
    } else {
        for (const auto &r : results)
            fmt::print("{}\n", report_line(r));
    }
    return exit_status(results);
}

}  // namespace kpatch::build
