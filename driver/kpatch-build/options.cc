// SPDX-License-Identifier: GPL-2.0
//
// options.cc - see options.h.
#include "options.h"

#include "error.h"
#include "util.h"

#include <fmt/format.h>
#include <getopt.h>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>

namespace kpatch::build {
namespace {

enum LongOnly {
    kOotModule = 256,
    kKeep,
    kDebug,
    kJson,
    kSignKey,
    kSignCert,
    kPlugin,
    kNoLineFix,
    kPaths,
    kPrepareTree,
    kFuzz,
    kFormat,
    kOotModuleKo,
    kDeb,
    kDebVersion,
    kRemotePluginCc,
};

// "kpatch", "klp" or both, comma-separated: each once, in the given order.
std::vector<ModuleFormat> parse_formats(const std::string &list)
{
    std::vector<ModuleFormat> out;
    for (std::string rest = list;;) {
        size_t comma = rest.find(',');
        std::string one = rest.substr(0, comma);
        ModuleFormat f;
        if (one == "kpatch")
            f = ModuleFormat::Kpatch;
        else if (one == "klp")
            f = ModuleFormat::Klp;
        else
            throw Error("--format {}: '{}' is not a format; say kpatch, klp or kpatch,klp",
                        list, one);
        if (std::find(out.begin(), out.end(), f) == out.end())
            out.push_back(f);
        if (comma == std::string::npos)
            return out;
        rest = rest.substr(comma + 1);
    }
}

// -r is repeatable and takes "a,b": each release once, in order.
void add_releases(Options &o, const std::string &arg)
{
    o.release_given = true;
    if (arg.empty())
        throw Error("-r/--release was given an empty value; leave the option out for the "
                    "default");
    for (std::string rest = arg;;) {
        size_t comma = rest.find(',');
        std::string one = rest.substr(0, comma);
        if (one.empty())
            throw Error("-r {}: an empty release in the list; name releases like "
                        "6.1.0-57-amd64, or say all",
                        arg);
        if (std::find(o.releases.begin(), o.releases.end(), one) == o.releases.end())
            o.releases.push_back(one);
        if (comma == std::string::npos)
            return;
        rest = rest.substr(comma + 1);
    }
}

// What is bound to one release cannot be given for several.
void check_several(const Options &o)
{
    if (!several_releases(o))
        return;
    const std::pair<const char *, bool> single[] = {
        {"-s/--sourcedir (one source tree is one release)", !o.srcdir.empty()},
        {"-c/--config (a config belongs to one release)", !o.config.empty()},
        {"--oot-module-ko (a module is built for one release)", !o.oot_module_ko.empty()},
        {"--prepare-tree", o.prepare_tree},
    };
    for (const auto &[option, given] : single)
        if (given)
            throw Error("{} cannot be used with several releases (-r {}): build each "
                        "release on its own",
                        option, fmt::join(o.releases, ","));
}

// NAME makes module names: PREFIX-NAME of every format asked for must fit.
void check_name(const Options &o)
{
    for (char c : o.name)
        if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
            throw Error("-n {}: use letters, digits, '-' and '_' only (it becomes a module name)",
                        o.name);
    for (ModuleFormat f : o.formats) {
        std::string module = module_prefix(f) + o.name;
        if (module.size() > kMaxModuleName)
            throw Error("-n {}: {} has {} characters, a module name has {} at most: shorten "
                        "NAME", o.name, module, module.size(), kMaxModuleName);
    }
}

// The whole argument is the number: "5x" or "" is a typo, not 5 or 0.
int parse_jobs(const char *s)
{
    std::string_view text = s;
    int j = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), j);
    if (ec == std::errc() && end == text.data() + text.size() && j >= 1 && j <= 1024)
        return j;
    throw Error("-j {}: expected a number of jobs from 1 to 1024", s);
}

int parse_fuzz(const char *s)
{
    std::string_view text = s;
    int f = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), f);
    if (ec == std::errc() && end == text.data() + text.size() && f >= 0 && f <= 3)
        return f;
    throw Error("--fuzz {}: expected 0 to 3 context lines that may differ", s);
}

// Options whose value may not be empty: `-r ''` is a mistake (a shell
// variable that was not set), not a request for the default.
void check_not_empty(const Options &o)
{
    const std::pair<const char *, bool> empties[] = {
        {"-s/--sourcedir", o.srcdir_given && o.srcdir.empty()},
        {"-c/--config", o.config_given && o.config.empty()},
        {"-n/--name", o.name_given && o.name.empty()},
        {"-o/--output", o.outdir.empty()},
        {"--oot-module", o.oot_given && o.oot_module.empty()},
        {"--plugin", o.plugin_given && o.plugin.empty()},
        {"--remote-plugin-cc", o.remote_plugin_cc_given && o.remote_plugin_cc.empty()},
    };
    for (const auto &[option, empty] : empties)
        if (empty)
            throw Error("{} was given an empty value; leave the option out for the default",
                        option);
}

}  // namespace

bool several_releases(const Options &o)
{
    return o.releases.size() > 1 ||
           std::find(o.releases.begin(), o.releases.end(), "all") != o.releases.end();
}

const char *format_name(ModuleFormat f)
{
    return f == ModuleFormat::Klp ? "klp" : "kpatch";
}

const char *module_prefix(ModuleFormat f)
{
    return f == ModuleFormat::Klp ? "livepatch-" : "kpatch-";
}

std::string usage()
{
    return R"(usage: kpatch-build [options] PATCH...

Builds a live patch module (kpatch-NAME.ko, and/or livepatch-NAME.ko for the
kernel's own livepatch) from source patches against the running Debian
kernel's source, compiling only the translation units the patches change.

options:
  -r, --release RELEASE   target kernel (default: scripts/kernel-release);
                          repeatable or "a,b": one build per release and one
                          report; "all": every Debian 6.1 ABI in the package
                          lists (linux-image-6.1.0-N-amd64); modules then go
                          to OUTDIR/RELEASE/
  -s, --sourcedir DIR     use this kernel source tree instead of the cached one
  -c, --config FILE       kernel .config (default: the headers' .config)
  -t, --target TARGET     vmlinux or module name the patch applies to
                          (repeatable; default: found from the changed objects)
  -n, --name NAME         patch name (default: from the first patch file)
  -o, --output DIR        where the modules go (default: .)
      --format FORMATS    kpatch (kpatch-NAME.ko, for kpatch.ko; the default),
                          klp (livepatch-NAME.ko, for the kernel's own livepatch),
                          or kpatch,klp: both from one compile
  -R, --non-replace       livepatch-NAME.ko does not replace the livepatches
                          already applied (klp_patch.replace is on by default)
      --deb               also wrap each module as a Debian package for exactly
                          this kernel (MODULE-RELEASE_VERSION_amd64.deb:
                          Depends on linux-image-RELEASE (= its version), loads
                          at install when that kernel runs; needs DEBEMAIL)
      --deb-version V     the package version (default 1; implies --deb)
      --oot-module DIR    patch an out-of-tree module's source in DIR
      --oot-module-ko KO  that module as it is loaded: its symbol table gives
                          livepatch's symbol positions (--format klp; default:
                          the module built from DIR before the patch)
  -j, --jobs N            parallel compiles (default: 2)
      --sign-key KEY      sign the module with the kernel's scripts/sign-file
      --sign-cert CERT    (both required to sign)
      --keep              keep the work directory
      --debug             show every command and its output; implies --keep
      --json              print a JSON result on stdout
      --no-line-fix       do not insert #line directives after changed code
      --fuzz N            let up to N context lines of a hunk differ from the
                          source (patch(1)'s fuzz; default 0: exact match),
                          each such hunk printed as a warning
      --plugin PATH       the kpatch GCC plugin (default: the installed or this build's)
      --remote-plugin-cc CC
                          with CC="distcc COMPILER": send the plugin compiles
                          to distcc too, as `distcc CC`; CC is a wrapper that
                          adds -fplugin= for its host's copy of this plugin,
                          which must be the same build (checked by its hash;
                          default: those compiles run here, as distccd
                          refuses -fplugin=)
      --paths             print where the plugin, template, headers and core exports are found
      --prepare-tree      prepare the cached kernel tree for the target (-r, -s, -c) and
                          print its path (test suites compile kernel code in it)
  -h, --help              this text

environment: CC (e.g. "ccache gcc-12"; must be the compiler that built the
kernel), XDG_CACHE_HOME (cache of prepared trees and original objects).
)";
}

std::string default_name(const std::filesystem::path &patch)
{
    std::string stem = patch.filename().string();
    for (const char *ext : {".patch", ".diff"})
        if (stem.ends_with(ext))
            stem.resize(stem.size() - std::string(ext).size());
    std::string out;
    for (char c : stem)
        out += (isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '-';
    if (out.empty())
        out = "patch";
    return out.substr(0, kMaxNameLength);
}

Options parse_options(int argc, char **argv)
{
    static const option longopts[] = {
        {"release", required_argument, nullptr, 'r'},
        {"sourcedir", required_argument, nullptr, 's'},
        {"config", required_argument, nullptr, 'c'},
        {"target", required_argument, nullptr, 't'},
        {"name", required_argument, nullptr, 'n'},
        {"output", required_argument, nullptr, 'o'},
        {"jobs", required_argument, nullptr, 'j'},
        {"oot-module", required_argument, nullptr, kOotModule},
        {"oot-module-ko", required_argument, nullptr, kOotModuleKo},
        {"keep", no_argument, nullptr, kKeep},
        {"debug", no_argument, nullptr, kDebug},
        {"json", no_argument, nullptr, kJson},
        {"sign-key", required_argument, nullptr, kSignKey},
        {"sign-cert", required_argument, nullptr, kSignCert},
        {"plugin", required_argument, nullptr, kPlugin},
        {"remote-plugin-cc", required_argument, nullptr, kRemotePluginCc},
        {"no-line-fix", no_argument, nullptr, kNoLineFix},
        {"help", no_argument, nullptr, 'h'},
        {"paths", no_argument, nullptr, kPaths},
        {"prepare-tree", no_argument, nullptr, kPrepareTree},
        {"fuzz", required_argument, nullptr, kFuzz},
        {"deb", no_argument, nullptr, kDeb},
        {"deb-version", required_argument, nullptr, kDebVersion},
        {"format", required_argument, nullptr, kFormat},
        {"non-replace", no_argument, nullptr, 'R'},
        {nullptr, 0, nullptr, 0},
    };
    Options o;
    opterr = 0;
    optind = 0;  // glibc: 0 resets all of getopt's state (1 keeps a half-read "-R")
    for (;;) {
        int c = getopt_long(argc, argv, ":r:s:c:t:n:o:j:hR", longopts, nullptr);
        if (c == -1)
            break;
        switch (c) {
        case 'r': add_releases(o, optarg); break;
        case 's': o.srcdir = optarg; o.srcdir_given = true; break;
        case 'c': o.config = optarg; o.config_given = true; break;
        case 't':  // repeatable, and "a,b" works too
            for (std::string t = optarg; !t.empty();) {
                size_t comma = t.find(',');
                std::string one = t.substr(0, comma);
                if (!one.empty())
                    o.targets.push_back(one);
                t = comma == std::string::npos ? "" : t.substr(comma + 1);
            }
            break;
        case 'n': o.name = optarg; o.name_given = true; break;
        case 'o': o.outdir = optarg; break;
        case 'j': o.jobs = parse_jobs(optarg); break;
        case kOotModule: o.oot_module = optarg; o.oot_given = true; break;
        case kOotModuleKo: o.oot_module_ko = optarg; break;
        case kKeep: o.keep = true; break;
        case kDebug: o.debug = o.keep = true; break;
        case kJson: o.json = true; break;
        case kSignKey: o.sign_key = optarg; break;
        case kSignCert: o.sign_cert = optarg; break;
        case kPlugin: o.plugin = optarg; o.plugin_given = true; break;
        case kRemotePluginCc:
            o.remote_plugin_cc = optarg;
            o.remote_plugin_cc_given = true;
            break;
        case kNoLineFix: o.no_line_fix = true; break;
        case 'h': o.help = true; break;
        case kPaths: o.paths = true; break;
        case kPrepareTree: o.prepare_tree = true; break;
        case kFuzz: o.fuzz = parse_fuzz(optarg); break;
        case kDeb: o.deb = true; break;
        case kDebVersion: o.deb_version = optarg; o.deb = true; break;
        case kFormat: o.formats = parse_formats(optarg); break;
        case 'R': o.non_replace = true; break;
        case ':': throw Error("option {} needs an argument (see kpatch-build --help)", argv[optind - 1]);
        default: throw Error("unknown option {} (see kpatch-build --help)", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; ++i)
        o.patches.emplace_back(argv[i]);
    if (o.help || o.paths)
        return o;
    check_not_empty(o);
    if (o.releases.size() == 1 && o.releases.front() != "all")
        o.release = o.releases.front();
    check_several(o);
    if (o.prepare_tree)
        return o;
    if (o.patches.empty())
        throw Error("no patch given\n{}", usage());
    if (o.sign_key.empty() != o.sign_cert.empty())
        throw Error("--sign-key and --sign-cert go together: pass both to sign");
    if (!o.oot_module_ko.empty() && o.oot_module.empty())
        throw Error("--oot-module-ko names the built module of an --oot-module source: pass "
                    "--oot-module DIR too");
    if (o.name.empty())
        o.name = default_name(o.patches.front());
    check_name(o);
    return o;
}

}  // namespace kpatch::build
