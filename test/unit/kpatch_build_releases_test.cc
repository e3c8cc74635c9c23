// SPDX-License-Identifier: GPL-2.0
// releases: -r all from package lists, the status of each release, the
// report and its JSON, the exit status; on fabricated results, no kernel.
#include "error.h"
#include "options.h"
#include "releases.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kpatch::build;

namespace {

// What `apt-cache show --no-all-versions` prints for the packages -r all
// looks at (trimmed to the fields read).
const char *kAptShow = R"(Package: linux-image-6.1.0-9-amd64
Version: 6.1.27-1
Description: Linux 6.1 for 64-bit PCs (signed)

Package: linux-headers-6.1.0-9-amd64
Version: 6.1.27-1

Package: linux-image-6.1.0-56-amd64
Version: 6.1.192-2

Package: linux-headers-6.1.0-56-amd64
Version: 6.1.192-2

Package: linux-image-6.1.0-57-amd64
Version: 6.1.192-3

Package: linux-headers-6.1.0-57-amd64
Version: 6.1.192-3

Package: linux-image-6.1.0-58-amd64
Version: 6.1.193-1

Package: linux-image-6.1.0-57-cloud-amd64
Version: 6.1.192-3

Package: linux-headers-6.1.0-57-common
Version: 6.1.192-3
)";

ReleaseResult result(const std::string &release, ReleaseStatus status,
                     const std::string &error = "")
{
    ReleaseResult r;
    r.release = release;
    r.status = status;
    r.error = error;
    return r;
}

ReleaseResult built(const std::string &release)
{
    ReleaseResult r = result(release, ReleaseStatus::Built);
    r.modules = {{"kpatch", "/out/" + release + "/kpatch-fix.ko", {}},
                 {"klp", "/out/" + release + "/livepatch-fix.ko",
                  "/out/" + release + "/livepatch-fix-" + release + "_1_amd64.deb"}};
    r.core = "/cache/core/kpatch.ko";
    r.seconds = 12.5;
    return r;
}

}  // namespace

TEST_SUITE("releases") {

TEST_CASE("-r all: the ABIs whose headers are in the lists or installed, by ABI number")
{
    auto abis = abis_from(kAptShow, {{"6.1.0-56-amd64", "6.1.192-2"},
                                     {"6.1.0-60-amd64", "6.1.199-1"},
                                     {"6.1.0-56-rt-amd64", "6.1.192-2"}});
    // -cloud, -rt, -common: not the amd64 ABI.
    REQUIRE(abis.size() == 5);
    CHECK(abis[0].release == "6.1.0-9-amd64");  // 9 before 56: numbers, not text
    CHECK(abis[0].version == "6.1.27-1");
    CHECK_FALSE(abis[0].headers_installed);
    CHECK(abis[0].buildable());
    CHECK(abis[1].release == "6.1.0-56-amd64");
    CHECK(abis[1].headers_installed);
    CHECK(abis[2].release == "6.1.0-57-amd64");
    CHECK(abis[2].version == "6.1.192-3");
    CHECK(abis[3].release == "6.1.0-58-amd64");  // an image whose headers are gone
    CHECK_FALSE(abis[3].buildable());
    CHECK(abis[4].release == "6.1.0-60-amd64");  // installed by hand, not in the lists
    CHECK(abis[4].version == "6.1.199-1");
    CHECK(expand_releases({"all"}, abis) ==
          std::vector<std::string>{"6.1.0-9-amd64", "6.1.0-56-amd64", "6.1.0-57-amd64",
                                   "6.1.0-60-amd64"});
    CHECK(describe_abis(abis).starts_with("4 Debian 6.1 ABIs in the package lists and /usr/src: "
                                          "6.1.0-9-amd64 (6.1.27-1, headers not installed), "
                                          "6.1.0-56-amd64 (6.1.192-2), "));
    CHECK(describe_abis(abis).ends_with("; 2 without headers will fail until "
                                        "linux-headers-RELEASE is installed; left out, their "
                                        "headers are no longer in the package lists: "
                                        "6.1.0-58-amd64"));
}

TEST_CASE("expand_releases: all in place, each release once, in the order asked")
{
    std::vector<Abi> abis = {{"6.1.0-56-amd64", "6.1.192-2", true, true},
                             {"6.1.0-57-amd64", "6.1.192-3", true, true}};
    CHECK(expand_releases({"6.1.0-57-amd64", "all", "x"}, abis) ==
          std::vector<std::string>{"6.1.0-57-amd64", "6.1.0-56-amd64", "x"});
    CHECK(expand_releases({"a", "b"}, {}) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("an Error's kind is the release's status")
{
    CHECK(status_of(ErrorKind::Failed) == ReleaseStatus::Failed);
    CHECK(status_of(ErrorKind::Refused) == ReleaseStatus::Refused);
    CHECK(status_of(ErrorKind::NotAffected) == ReleaseStatus::NotAffected);
    CHECK(status_of(ErrorKind::AlreadyFixed) == ReleaseStatus::AlreadyFixed);
    CHECK(Error("plain").kind() == ErrorKind::Failed);
    CHECK(Error(ErrorKind::AlreadyFixed, "in {}", "6.1.0-57-amd64").kind() ==
          ErrorKind::AlreadyFixed);
    CHECK(std::string(status_name(ReleaseStatus::NotAffected)) == "not affected");
}

TEST_CASE("report: one line per release, the gist of an error")
{
    CHECK(report_line(built("6.1.0-56-amd64")) ==
          "6.1.0-56-amd64: built: /out/6.1.0-56-amd64/kpatch-fix.ko "
          "/out/6.1.0-56-amd64/livepatch-fix.ko");
    CHECK(report_line(result("6.1.0-57-amd64", ReleaseStatus::AlreadyFixed,
                             "the source already contains the patch")) ==
          "6.1.0-57-amd64: already fixed: the source already contains the patch");
    CHECK(report_line(result("6.1.0-9-amd64", ReleaseStatus::Failed,
                             "headers missing\nsecond line")) ==
          "6.1.0-9-amd64: failed: headers missing");
    CHECK(report_line(result("6.1.0-57-amd64", ReleaseStatus::NotAffected,
                             "nothing to patch: the running kernel does not contain the patched "
                             "code:\n  fs/ext2/super.c is not built in this configuration\n"
                             "Check that...")) ==
          "6.1.0-57-amd64: not affected: nothing to patch: the running kernel does not contain "
          "the patched code: fs/ext2/super.c is not built in this configuration");
}

TEST_CASE("exit status: 0 when every release is built, already fixed or not affected")
{
    std::vector<ReleaseResult> fine = {built("a"), result("b", ReleaseStatus::AlreadyFixed),
                                       result("c", ReleaseStatus::NotAffected)};
    CHECK(exit_status(fine) == 0);
    auto refused = fine;
    refused.push_back(result("d", ReleaseStatus::Refused, "changed data"));
    CHECK(exit_status(refused) == 1);
    auto failed = fine;
    failed.push_back(result("d", ReleaseStatus::Failed, "no headers"));
    CHECK(exit_status(failed) == 1);
    auto interrupted = failed;
    interrupted.back().signal = 2;
    CHECK(exit_status(interrupted) == 130);
    CHECK(exit_status({}) == 0);
}

TEST_CASE("--json: one object, the releases with status, modules (and packages) and error")
{
    auto failed = result("6.1.0-9-amd64", ReleaseStatus::Failed, "say \"what\"");
    failed.log = "/cache/work/fix-6.1.0-9-amd64-1/build.log";
    std::string json = report_json("fix", {built("6.1.0-56-amd64"), failed}, 20);
    CHECK(json ==
          "{\"status\":\"error\",\"name\":\"fix\",\"releases\":["
          "{\"release\":\"6.1.0-56-amd64\",\"status\":\"built\",\"modules\":["
          "{\"format\":\"kpatch\",\"path\":\"/out/6.1.0-56-amd64/kpatch-fix.ko\"},"
          "{\"format\":\"klp\",\"path\":\"/out/6.1.0-56-amd64/livepatch-fix.ko\","
          "\"deb\":\"/out/6.1.0-56-amd64/livepatch-fix-6.1.0-56-amd64_1_amd64.deb\"}],"
          "\"error\":\"\",\"core\":\"/cache/core/kpatch.ko\",\"log\":\"\",\"seconds\":12.5},"
          "{\"release\":\"6.1.0-9-amd64\",\"status\":\"failed\",\"modules\":[],"
          "\"error\":\"say \\\"what\\\"\",\"core\":\"\","
          "\"log\":\"/cache/work/fix-6.1.0-9-amd64-1/build.log\",\"seconds\":0.0}],"
          "\"seconds\":20.0}");
    CHECK(report_json("fix", {result("a", ReleaseStatus::AlreadyFixed)}, 1)
              .starts_with("{\"status\":\"ok\""));
}

TEST_CASE("run_releases: each release into OUTDIR/RELEASE, in order, one report")
{
    Options opt;
    opt.name = "fix";
    opt.outdir = "/out";
    opt.releases = {"6.1.0-56-amd64", "6.1.0-57-amd64"};
    std::vector<std::string> seen;
    int rc = run_releases(opt, [&](const std::string &release,
                                   const std::filesystem::path &outdir) {
        seen.push_back(release + " " + outdir.string());
        return release == "6.1.0-57-amd64" ? result(release, ReleaseStatus::AlreadyFixed, "x")
                                           : built(release);
    });
    CHECK(rc == 0);
    CHECK(seen == std::vector<std::string>{"6.1.0-56-amd64 /out/6.1.0-56-amd64",
                                           "6.1.0-57-amd64 /out/6.1.0-57-amd64"});
}

TEST_CASE("run_releases: an interrupted release ends the run")
{
    Options opt;
    opt.name = "fix";
    opt.releases = {"a", "b"};
    int calls = 0;
    int rc = run_releases(opt, [&](const std::string &release,
                                   const std::filesystem::path &) {
        ++calls;
        auto r = result(release, ReleaseStatus::Failed, "interrupted");
        r.signal = 15;
        return r;
    });
    CHECK(rc == 143);
    CHECK(calls == 1);
}

}
