// SPDX-License-Identifier: GPL-2.0
//
// deb.cc - see deb.h.  The layout is what dpkg-deb wants of a binary
// package staged by hand (as packaging/deb/build-deb does for the
// toolchain): DEBIAN/ with control, md5sums and the maintainer scripts,
// the copyright and changelog under /usr/share/doc/PACKAGE, files owned by
// root (--root-owner-group).
#include "deb.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

#include <fmt/core.h>

#include "error.h"
#include "process.h"
#include "stages.h"
#include "util.h"

namespace kpatch::build {
namespace fs = std::filesystem;
namespace {

// Debian's rules: lowercase alphanumerics and + - ., starting with one.
void check_version(const std::string &v)
{
    bool ok = !v.empty() && std::isdigit(static_cast<unsigned char>(v[0]));
    for (char c : v)
        ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' ||
                    c == '~');
    if (!ok)
        throw Error("--deb-version '{}': a native Debian version starts with a digit and "
                    "holds only letters, digits and . + ~",
                    v);
}

std::string maintainer()
{
    const char *name = getenv("DEBFULLNAME");
    const char *mail = getenv("DEBEMAIL");
    if (mail && *mail)
        return fmt::format("{} <{}>", name && *name ? name : "kpatch-build", mail);
    throw Error("--deb needs a maintainer for the package: set DEBEMAIL (and DEBFULLNAME), as "
                "for dch and debuild");
}

std::string depends(const DebRequest &r)
{
    std::string d = fmt::format("linux-image-{} (= {}), kpatch-toolchain", r.release,
                                r.image_version);
    if (r.format == ModuleFormat::Kpatch)
        d += ", kpatch-dkms";  // the core module kpatch.ko
    return d;
}

void write_script(const fs::path &path, const std::string &text)
{
    write_file_atomic(path, text);
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
}

// Load on configure, unload on remove, only on the kernel it is for.
void write_maintainer_scripts(const fs::path &debian, const DebRequest &r,
                              const std::string &pkg, const fs::path &installed)
{
    std::string mod = module_name(r.module.string());
    write_script(debian / "postinst",
                 fmt::format("#!/bin/sh\n"
                             "# Written by kpatch-build --deb: applies the live patch now when\n"
                             "# the running kernel is the one it is for; kpatch.service loads it\n"
                             "# at every boot of that kernel.\n"
                             "set -e\n"
                             "if [ \"$1\" = configure ] && [ \"$(uname -r)\" = {0} ] &&\n"
                             "   [ ! -e /sys/module/{1} ]; then\n"
                             "\tkpatch load {2} ||\n"
                             "\t\techo \"{3}: the live patch did not load now (above);"
                             " it is installed for the next boot\" >&2\n"
                             "fi\n"
                             "exit 0\n",
                             r.release, mod, installed.string(), pkg));
    write_script(debian / "prerm",
                 fmt::format("#!/bin/sh\n"
                             "# Written by kpatch-build --deb: takes the live patch out of the\n"
                             "# running kernel before its module goes.\n"
                             "set -e\n"
                             "if [ \"$1\" = remove ] && [ -e /sys/module/{0} ]; then\n"
                             "\tkpatch unload {0} ||\n"
                             "\t\techo \"{1}: the live patch could not be unloaded now (above);"
                             " it stays applied until the next boot\" >&2\n"
                             "fi\n"
                             "exit 0\n",
                             mod, pkg));
}

void write_doc(const fs::path &doc, const DebRequest &r, const std::string &pkg,
               const std::string &who)
{
    fs::create_directories(doc);
    write_file_atomic(doc / "copyright",
                      fmt::format("Format: https://www.debian.org/doc/packaging-manuals/"
                                  "copyright-format/1.0/\n"
                                  "Upstream-Name: {}\n"
                                  "Comment: a live patch of the Linux kernel built by "
                                  "kpatch-build\n\n"
                                  "Files: *\n"
                                  "Copyright: (c) 1991-2026 Linus Torvalds, the other authors "
                                  "of Linux and of the patch\n"
                                  "License: GPL-2\n"
                                  " On Debian systems the full text is in "
                                  "/usr/share/common-licenses/GPL-2.\n",
                                  pkg));
    fs::path changelog = doc / "changelog";
    write_file_atomic(changelog,
                      fmt::format("{} ({}) unstable; urgency=medium\n\n"
                                  "  * {}, for {}.\n\n"
                                  " -- {}  {}\n",
                                  pkg, r.version, r.summary, r.release, who,
                                  trim(process::run_checked({{"date", "-R"}, {}, {}}, "date -R")
                                           .output)));
    process::run_checked({{"gzip", "-9nf", changelog.string()}, {}, {}}, "compressing the changelog");
}

uintmax_t installed_kib(const fs::path &root)
{
    uintmax_t bytes = 0;
    for (const auto &e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().string().find("/DEBIAN/") == std::string::npos)
            bytes += e.file_size();
    return (bytes + 1023) / 1024;
}

void write_control(const fs::path &debian, const DebRequest &r, const std::string &pkg,
                   const std::string &who, uintmax_t kib)
{
    write_file_atomic(debian / "control",
                      fmt::format("Package: {}\n"
                                  "Version: {}\n"
                                  "Architecture: amd64\n"
                                  "Maintainer: {}\n"
                                  "Installed-Size: {}\n"
                                  "Depends: {}\n"
                                  "Section: kernel\n"
                                  "Priority: optional\n"
                                  "Description: live patch for Linux {}: {}\n"
                                  " {} ({} format), built by kpatch-build\n"
                                  " for exactly this kernel; applied at install when it runs,\n"
                                  " and at each boot of it by kpatch.service.\n",
                                  pkg, r.version, who, kib, depends(r), r.release, r.summary,
                                  r.module.filename().string(),
                                  r.format == ModuleFormat::Klp ? "livepatch" : "kpatch"));
}

void write_md5sums(const fs::path &root)
{
    std::string sums;
    for (const auto &e : fs::recursive_directory_iterator(root)) {
        fs::path rel = fs::relative(e.path(), root);
        if (!e.is_regular_file() || *rel.begin() == "DEBIAN")
            continue;
        auto r = process::run_checked({{"md5sum", rel.string()}, root, {}}, "md5sum");
        sums += r.output;
    }
    write_file_atomic(root / "DEBIAN" / "md5sums", sums);
}

}  // namespace

std::string deb_package_name(const fs::path &module, const std::string &release)
{
    std::string name = module.stem().string() + "-" + release;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return c == '_' ? '-' : static_cast<char>(std::tolower(c));
    });
    return name;
}

fs::path build_deb(const DebRequest &r, const fs::path &outdir, const fs::path &workdir)
{
    check_version(r.version);
    if (r.image_version.empty())
        throw Error("--deb: no version of linux-headers-{} is installed, and the package must "
                    "depend on exactly that kernel image; install the headers package",
                    r.release);
    std::string who = maintainer();
    std::string pkg = deb_package_name(r.module, r.release);
    fs::path root = workdir / "deb" / pkg;
    fs::remove_all(root);
    fs::path installed = fs::path("/var/lib/kpatch") / r.release / r.module.filename();
    fs::create_directories(root / installed.relative_path().parent_path());
    copy_file_atomic(r.module, root / installed.relative_path());
    fs::permissions(root / installed.relative_path(),
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                        fs::perms::others_read);
    write_doc(root / "usr/share/doc" / pkg, r, pkg, who);
    fs::create_directories(root / "DEBIAN");
    write_maintainer_scripts(root / "DEBIAN", r, pkg, installed);
    write_md5sums(root);
    write_control(root / "DEBIAN", r, pkg, who, installed_kib(root));
    fs::path deb = fs::absolute(outdir) / fmt::format("{}_{}_amd64.deb", pkg, r.version);
    process::run_checked({{"dpkg-deb", "--root-owner-group", "-Zxz", "--build", root.string(),
                           deb.string()},
                          {}, {}},
                         "dpkg-deb building " + deb.filename().string());
    return deb;
}

}  // namespace kpatch::build
