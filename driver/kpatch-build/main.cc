// SPDX-License-Identifier: GPL-2.0
//
// main.cc - kpatch-build: a linear pipeline of named phases, from source
// patches to kpatch-NAME.ko and/or livepatch-NAME.ko (--format):
//
//   target    which kernel, which config, is this its compiler
//   core      kpatch.ko and its Module.symvers for that kernel (shipped or
//             built; the kpatch format only)
//   tree      the cached, prepared source tree (extract/config/prepare once)
//   patch     parse and dry-run the patches
//   units     translation units to rebuild, and the object each belongs to
//   original  build them unpatched with the plugin (cached)
//   patched   apply, build them again, restore the tree
//   plan      the linker's plan, once a format: what changed (the
//             plugin's fingerprints), what the module will hold and why,
//             what is refused; the report is printed from it
//   link      the patch object built from that plan: changed functions +
//             .kpatch.* sections, or + livepatch relocations and klp.h tables
//   module    each patch module against the headers (kmod/patch templates)
//
// Each phase is a function of one Build context; nothing here parses
// kbuild files or ELF itself.
#include "core_module.h"
#include "deb.h"
#include "error.h"
#include "kbuild_cmd.h"
#include "kbuild_member.h"
#include "launcher.h"
#include "line_fix.h"
#include "objects.h"
#include "options.h"
#include "paths.h"
#include "patch_file.h"
#include "preflight.h"
#include "process.h"
#include "progress.h"
#include "releases.h"
#include "report.h"
#include "signals.h"
#include "source_guard.h"
#include "stages.h"
#include "target.h"
#include "tree_cache.h"
#include "units.h"
#include "util.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <unistd.h>

using namespace kpatch::build;
using kpatch::Diagnostic;
using kpatch::module_name;

namespace {

// What one format produced: its linked object and its module.
struct ModuleOutput {
    ModuleFormat format;
    LinkResult linked;
    fs::path module;
    fs::path deb;  // --deb
};

struct Build {
    Options opt;
    Progress progress;
    Target target;
    CoreModule core;
    std::unique_ptr<TreeCache> cache;
    Tree tree;
    fs::path workdir;
    fs::path combined_patch;
    std::vector<FilePatch> files;
    fs::path patch_root;   // where the patch applies and objects are built
    Compiler compiler;
    std::vector<Unit> units;
    std::vector<std::string> uncompilable;  // objects whose original does not compile
    std::vector<UnitObjects> objects;
    std::vector<PlanResult> plans;  // one a format, in --format order
    std::vector<ModuleOutput> outputs;  // one a format, in --format order
    std::map<std::string, fs::path> stock_modules;  // out of tree: name -> .ko as loaded
    std::vector<std::string> notes;
    std::vector<std::string> warnings;  // hunks applied at an offset or with fuzz
    bool applied = false;  // the patch went onto the tree (the guard restores it)

    explicit Build(Options o) : opt(std::move(o)), progress(opt.json && !stderr_is_tty()) {}
    bool oot() const { return !opt.oot_module.empty(); }
    bool wants(ModuleFormat f) const
    {
        return std::find(opt.formats.begin(), opt.formats.end(), f) != opt.formats.end();
    }
};

std::string plural(size_t n, const char *one, const char *many)
{
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Livepatch positions of an out-of-tree module's symbols come from the
// module as users load it: the one given, or the source built unpatched.
void find_oot_modules(Build &b)
{
    if (!b.opt.oot_module_ko.empty()) {
        if (!fs::is_regular_file(b.opt.oot_module_ko))
            throw Error("--oot-module-ko {}: no such module file", b.opt.oot_module_ko.string());
        b.stock_modules[module_name(b.opt.oot_module_ko.string())] = fs::absolute(b.opt.oot_module_ko);
        return;
    }
    b.progress.update("building the unpatched module for livepatch symbol positions");
    b.stock_modules = build_stock_oot_modules(b.target, b.opt.oot_module, b.workdir, b.opt.jobs);
}

void phase_target(Build &b)
{
    b.progress.begin("target", "resolving");
    b.target = resolve_target({b.opt.release, b.opt.config, b.opt.srcdir, b.oot()});
    b.progress.end(fmt::format("{}, {}", b.target.release, b.target.cc_version));
}

// Before the tree and any compile of the patch: a patch for release R must
// link against R's kpatch.ko exports, never the ones of another release.
void phase_core(Build &b)
{
    b.progress.begin("core", "kpatch.ko for " + b.target.release);
    b.core = core_for_release(b.target, b.opt.jobs);
    b.progress.end(fmt::format("{} ({}{})", b.core.ko.string(), b.core.release,
                               b.core.built ? ", built" : ""));
}

void phase_tree(Build &b)
{
    if (b.oot()) {
        // Out-of-tree modules build against the headers, as they were built.
        b.cache = std::make_unique<TreeCache>(b.target, b.progress);
        b.tree = {b.cache->dir(), b.target.headers, true};
        return;
    }
    b.cache = std::make_unique<TreeCache>(b.target, b.progress);  // waits for other builds
    if (size_t n = SourceGuard::recover(
            b.target.srcdir.empty() ? b.cache->dir() / "linux" : b.target.srcdir,
            b.cache->dir() / "restore"))
        fmt::print(stderr, "kpatch-build: restored {} from an interrupted build\n",
                   plural(n, "file", "files"));
    b.tree = b.cache->prepare(b.progress, b.opt.jobs);
}

// A patch that does not apply but reverse-applies exactly is already in
// this source: "already fixed", a sure answer because there is no fuzz.
void dry_run(Build &b)
{
    try {
        for (const auto &line : SourceGuard::dry_run(b.patch_root, b.combined_patch, b.opt.fuzz))
            b.warnings.push_back(line);
    } catch (const Error &) {
        if (!SourceGuard::reverse_applies(b.patch_root, b.combined_patch))
            throw;
        throw Error(ErrorKind::AlreadyFixed,
                    "the source of {} already contains the patch (it "
                    "reverse-applies exactly, patch -R --fuzz=0); nothing to build",
                    b.target.release);
    }
}

void phase_patch(Build &b)
{
    b.progress.begin("patch", "checking");
    std::string combined;
    for (const auto &p : b.opt.patches) {
        std::string text = read_file(p);
        auto files = parse_patch(text, p.string());
        b.files.insert(b.files.end(), files.begin(), files.end());
        combined += text;
        if (!combined.ends_with("\n"))
            combined += "\n";
    }
    for (const auto &f : b.files) {
        if (classify(f.path) == FileKind::Other)
            throw Error(ErrorKind::Refused,
                        "{}: only C sources and headers can be live-patched; this patch "
                        "changes {} (build system, assembly or data). Move the change into a "
                        ".c file or leave it out.",
                        b.opt.patches.front().string(), f.path);
        if (f.deleted)
            throw Error(ErrorKind::Refused,
                        "{}: the patch deletes {}; deleted files cannot be live-patched",
                        b.opt.patches.front().string(), f.path);
    }
    b.combined_patch = b.workdir / "combined.patch";
    write_file_atomic(b.combined_patch, combined);

    if (b.oot()) {
        // A private copy, built at the same path before and after the patch
        // so __FILE__ and debug paths agree between the two builds.
        b.patch_root = b.workdir / "oot" / fs::absolute(b.opt.oot_module).filename();
        fs::create_directories(b.patch_root.parent_path());
        fs::copy(b.opt.oot_module, b.patch_root, fs::copy_options::recursive);
        b.compiler.make = make_argv(b.target, b.target.headers, b.opt.jobs);
        b.compiler.make.push_back("M=" + b.patch_root.string());
        if (b.wants(ModuleFormat::Klp))
            find_oot_modules(b);
    } else {
        b.patch_root = b.tree.root;
        b.compiler.make = make_argv(b.target, b.tree.root, b.opt.jobs);
    }
    b.compiler.out_root = b.patch_root;
    dry_run(b);
    for (const auto &w : b.warnings)
        fmt::print(stderr, "kpatch-build: warning: {}: {}\n", b.opt.patches.front().string(), w);
    std::set<std::string> paths;
    for (const auto &f : b.files)
        paths.insert(f.path);
    b.progress.end(fmt::format("{}, {} applies cleanly",
                               plural(paths.size(), "file", "files"),
                               b.opt.patches.size() == 1 ? b.opt.patches.front().filename().string()
                                                         : "all"));
}

void phase_units(Build &b)
{
    b.progress.begin("units", "finding");
    std::vector<std::string> touched;
    for (const auto &f : b.files)
        touched.push_back(f.path);
    b.units = candidate_units(b.patch_root, touched, [&](const std::string &f) {
        b.progress.update("scanning includers of " + f);
    });
    constexpr size_t kMaxUnits = 150;
    if (b.units.size() > kMaxUnits)
        throw Error("the patch's files are included by up to {} translation units; more "
                    "than {} is close to a full kernel build. Move the change out of the shared "
                    "header, or patch the .c files that need it.",
                    b.units.size(), kMaxUnits);
    b.progress.end(plural(b.units.size(), "candidate unit", "candidate units"));
}

// Does the unit's recorded deps_ list name the touched file it was found
// through?  The scan ignores #ifdef; kbuild's list does not.
bool depends_on_via(const Build &b, const Unit &u, const KbuildCmd &cmd)
{
    if (u.via_header.empty())
        return true;
    std::string abs = (b.patch_root / u.via_header).string();
    return std::find_if(cmd.deps.begin(), cmd.deps.end(), [&](const std::string &d) {
               return d == u.via_header || d == abs;
           }) != cmd.deps.end();
}

// After the original build: drop candidates that are not in this config
// or do not really include the touched file, and learn each unit's object.
// A touched .c none of whose units is left is named: in the error when
// nothing is left at all, else in a note (its change is left out).
void resolve_targets(Build &b, const std::map<std::string, fs::path> &originals)
{
    std::vector<Unit> resolved;
    KbuildMembership kbuild(b.patch_root, b.workdir / "kbuild-query.mk");
    for (auto &u : b.units) {
        auto it = originals.find(u.object);
        if (it == originals.end())
            continue;
        KbuildCmd cmd = parse_kbuild_cmd(read_file(cmd_file_for(it->second)));
        if (!depends_on_via(b, u, cmd))
            continue;  // the #include is under an #ifdef this config skips
        // Compiled on request, but not in obj-y/obj-m of a directory the
        // build reaches: not in the running kernel (kbuild_member.h).
        if (!b.oot() && kbuild.built(u.object) == false)
            continue;
        u.target = cmd.is_module ? cmd.modname : "vmlinux";
        resolved.push_back(u);
    }
    std::vector<std::string> lost = lost_sources(b.units, resolved, b.uncompilable);
    std::vector<Unit> kept;
    for (const auto &u : resolved) {
        if (!b.opt.targets.empty() && !contains(b.opt.targets, u.target)) {
            b.notes.push_back(fmt::format("{}: part of {}, not a -t target: skipped", u.source,
                                          u.target));
            continue;
        }
        kept.push_back(u);
    }
    b.units = kept;
    if (b.units.empty() && !lost.empty()) {
        std::string why;
        for (const auto &l : lost)
            why += "\n  " + l;
        throw Error(ErrorKind::NotAffected,
                    "nothing to patch: the running kernel does not contain the patched code:{}\n"
                    "Check that the patch is meant for this kernel and its configuration "
                    "(the Makefile and #ifdef lines around the file), or leave the file out.",
                    why);
    }
    if (b.units.empty())
        throw Error(ErrorKind::NotAffected,
                    "none of the patch's translation units is built in this kernel "
                    "configuration{}: nothing to patch",
                    b.opt.targets.empty() ? "" : " for the -t targets");
    for (const auto &l : lost)
        b.notes.push_back(l + ": its change is left out");
}

std::string plugin_key(const Build &b)
{
    // What determines an original object besides the (pristine) tree.
    std::string id = b.compiler.kcflags + "\n" + compiler_identity(b.target.cc_version);
    std::string plugin = b.compiler.kcflags.substr(9, b.compiler.kcflags.find(' ') - 9);  // -fplugin=
    uint64_t h = fnv1a(read_file(plugin), fnv1a(id));
    return hex64(h).substr(0, 12);
}

// Each unit once more with the kernel's own flags only, as the running
// kernel was built: the linker takes the order of symbols, which anchors
// name, from it (linker/anchors.h: -fdata-sections lays data out
// differently).  Cached per compiler; a unit that fails here falls back to
// the plugin build's order, with a note.
void build_stock(Build &b)
{
    std::string key = "stock-" + hex64(fnv1a(compiler_identity(b.target.cc_version))).substr(0, 12);
    OriginalCache cache(b.tree.cache_dir, key);
    fs::path store = b.oot() ? b.workdir / "stock" : cache.dir();
    std::vector<std::string> to_build;
    std::set<std::string> all;
    for (auto &uo : b.objects) {
        all.insert(uo.unit.object);
        if (auto hit = b.oot() ? std::nullopt : cache.find(uo.unit.object))
            uo.stock = *hit;
        else
            to_build.push_back(uo.unit.object);
    }
    if (to_build.empty())
        return;
    b.progress.update(fmt::format("stock-flags build of {}", plural(to_build.size(), "unit",
                                                                   "units")));
    Compiler stock = b.compiler;
    stock.kcflags.clear();
    BuildResult r = build_objects(stock, to_build, "original version (kernel flags)", all);
    for (auto &uo : b.objects) {
        if (contains(r.built, uo.unit.object))
            uo.stock = save_object(b.patch_root, uo.unit.object, store);
        else if (uo.stock.empty())
            b.notes.push_back(uo.unit.object + ": does not build without the plugin; symbols "
                                               "are located by the plugin build's order");
    }
}

void note_skipped(Build &b, const BuildResult &r)
{
    for (const auto &u : b.units) {
        if (!u.optional())
            continue;  // a touched .c of its own: lost_sources() speaks for it
        if (contains(r.unconfigured, u.object))
            b.notes.push_back(skip_note(u, true));
        else if (contains(r.uncompilable, u.object))
            b.notes.push_back(skip_note(u, false));
    }
}

void phase_original(Build &b)
{
    b.progress.begin("original", "building");
    b.compiler.kcflags = plugin_cflags(b.opt.plugin);
    if (!b.opt.remote_plugin_cc.empty())
        b.compiler.remote_plugin_cc = remote_plugin_compiler(b.target.cc, b.opt.remote_plugin_cc);
    std::map<std::string, fs::path> originals;
    std::vector<std::string> to_build;
    OriginalCache cache(b.tree.cache_dir, plugin_key(b));
    fs::path store = b.oot() ? b.workdir / "original" : cache.dir();
    for (const auto &u : b.units) {
        auto hit = b.oot() ? std::nullopt : cache.find(u.object);
        if (hit)
            originals[u.object] = *hit;
        else
            to_build.push_back(u.object);
    }
    size_t cached = originals.size();
    b.progress.update(fmt::format("building {}", plural(to_build.size(), "unit", "units")));
    // Every unit may fail here without failing the build: the pristine
    // source, compiled as the running kernel was, does not compile only
    // when it is not part of that kernel (kbuild compiles any .c it is
    // asked for, even one whose CONFIG_ option is off).
    std::set<std::string> optional;
    for (const auto &u : b.units)
        optional.insert(u.object);
    BuildResult r = build_objects(b.compiler, to_build, "original version", optional);
    b.uncompilable = r.uncompilable;
    for (const auto &o : r.built)
        originals[o] = save_object(b.patch_root, o, store);
    note_skipped(b, r);
    size_t candidates = b.units.size();
    resolve_targets(b, originals);
    std::set<std::string> targets;
    for (const auto &u : b.units) {
        targets.insert(u.target);
        b.objects.push_back({u, originals[u.object], {}, {}});
    }
    build_stock(b);
    b.progress.end(fmt::format("{} ({} cached{}) -> {}", plural(b.units.size(), "unit", "units"),
                               cached,
                               candidates != b.units.size()
                                   ? fmt::format(", {} dropped", candidates - b.units.size())
                                   : "",
                               fmt::join(targets, ", ")));
}

void fix_lines(Build &b)
{
    if (b.opt.no_line_fix)
        return;
    int total = 0;
    for (const auto &f : b.files) {
        if (f.created)
            continue;
        fs::path p = b.patch_root / f.path;
        int n = 0;
        std::string fixed = insert_line_directives(read_file(p), f, &n);
        if (n > 0) {
            write_file_atomic(p, fixed);
            total += n;
        }
    }
    if (total)
        process::log(fmt::format("inserted {} #line directives", total));
}

void phase_patched(Build &b)
{
    b.progress.begin("patched", "applying");
    std::vector<std::string> paths;
    for (const auto &f : b.files)
        paths.push_back(f.path);
    {
        SourceGuard guard(b.patch_root, b.oot() ? b.workdir / "restore"
                                                : b.tree.cache_dir / "restore");
        b.applied = true;
        guard.apply(b.combined_patch, paths, b.opt.fuzz);
        fix_lines(b);
        std::vector<std::string> objs;
        for (const auto &u : b.units)
            objs.push_back(u.object);
        b.progress.update(fmt::format("building {}", plural(objs.size(), "unit", "units")));
        // Static branches as 5-byte jmps in the patched code only: a site
        // testing a module's key must reach its stub after the function
        // (gcc-plugin/wide_branches.h); the original keeps the kernel's layout.
        Compiler patched = b.compiler;
        patched.kcflags += " -fplugin-arg-kpatch-wide-static-branches";
        build_objects(patched, objs, "patched version");
        for (auto &uo : b.objects)
            uo.patched = save_object(b.patch_root, uo.unit.object, b.workdir / "patched");
        b.progress.update("restoring the source tree");
        guard.restore();
    }
    b.progress.end(fmt::format("{} built, source tree restored",
                               plural(b.objects.size(), "unit", "units")));
}

// A patch that only deletes code changes nothing a live patch could
// change: the running kernel keeps what was deleted, and whatever calls it
// (in files the patch did not touch) keeps calling it.
void check_not_only_removals(const std::vector<ChangeLine> &changes)
{
    std::vector<std::string> functions, data;
    for (const auto &c : changes) {
        if (!c.kind.starts_with("removed "))
            return;
        (c.kind == "removed function" ? functions : data).push_back(fmt::format("'{}'", c.symbol));
    }
    // The functions say what the patch does; their export's data follows them.
    throw Error(ErrorKind::Refused,
                "no functional change to make live: the patch only removes {}; a live patch "
                "cannot remove code, the running kernel keeps it. Nothing to live-patch.",
                fmt::join(functions.empty() ? data : functions, ", "));
}

// Formats share most notes and refusals: each is said once.
template <typename T>
void add_once(std::vector<T> &list, const T &s)
{
    if (std::find(list.begin(), list.end(), s) == list.end())
        list.push_back(s);
}

// The plan of each format (stages.h): the report comes from it, so a
// refusal is reported, every one of them, before anything is built.
void phase_plan(Build &b)
{
    b.progress.begin("plan", "comparing fingerprints, deciding");
    for (ModuleFormat f : b.opt.formats) {
        // The kpatch format keeps its default (no replace); a livepatch
        // module replaces the livepatches before it unless -R, as
        // upstream kpatch-build's do.
        bool replace = f == ModuleFormat::Klp && !b.opt.non_replace;
        b.plans.push_back(plan_units(b.target, b.objects, b.workdir, f, replace, b.stock_modules));
        for (const Diagnostic &n : b.plans.back().notes)
            add_once(b.notes, to_string(n));
    }
    const std::vector<ChangeLine> &changes = b.plans.front().changes;
    if (changes.empty())
        throw Error(ErrorKind::NotAffected,
                    "no functional change: every function and variable of the {} compiles to "
                    "the same code as before (plugin fingerprints). Nothing to live-patch.",
                    plural(b.objects.size(), "unit", "units"));
    check_not_only_removals(changes);
    b.progress.end(fmt::format("{}, {} in all",
                               plural(b.plans.front().functions.size(), "function", "functions"),
                               plural(changes.size(), "change", "changes")));
}

// Refused in any format: nothing is built, every refusal is named.
void check_refusals(const Build &b)
{
    std::vector<Diagnostic> refusals;
    for (const PlanResult &p : b.plans)
        for (const Diagnostic &r : p.refusals)
            add_once(refusals, r);
    if (!refusals.empty())
        throw Error(ErrorKind::Refused, std::move(refusals));
}

void phase_link(Build &b)
{
    for (PlanResult &plan : b.plans) {
        ModuleFormat f = plan.format;
        b.progress.begin("link", fmt::format("kpatch-link, {} format", format_name(f)));
        LinkResult linked = link_plan(plan);
        for (const Diagnostic &n : linked.notes)
            add_once(b.notes, to_string(n));
        b.progress.end(fmt::format("{}: {}, {}, {}", format_name(f),
                                   plural(linked.functions, "function", "functions"),
                                   plural(linked.dynrelas, "dynamic relocation",
                                          "dynamic relocations"),
                                   plural(linked.symbols, "symbol", "symbols")));
        b.outputs.push_back({f, std::move(linked), {}, {}});
    }
}

void phase_module(Build &b)
{
    for (ModuleOutput &out : b.outputs) {
        b.progress.begin("module", "kbuild against " + b.target.headers.string());
        fs::path ko = build_module(b.target, out.format, b.opt.name, out.linked.object,
                                   b.core.symvers, b.workdir, b.opt.jobs);
        if (!b.opt.sign_key.empty()) {
            b.progress.update("signing");
            sign_module(b.target, ko, b.opt.sign_key, b.opt.sign_cert);
        }
        fs::create_directories(b.opt.outdir);
        out.module = fs::absolute(b.opt.outdir) / ko.filename();
        copy_file_atomic(ko, out.module);
        b.progress.end(fmt::format("{}{}", out.module.string(),
                                   b.opt.sign_key.empty() ? "" : " (signed)"));
    }
}

// --deb: each module as a package for exactly this kernel (deb.h).
void phase_deb(Build &b)
{
    if (!b.opt.deb)
        return;
    std::vector<std::string> names;
    for (const auto &p : b.opt.patches)
        names.push_back(p.filename().string());
    for (ModuleOutput &out : b.outputs) {
        b.progress.begin("deb", out.module.filename().string());
        DebRequest req{out.module, out.format, b.target.release,
                       package_version("linux-headers-" + b.target.release), b.opt.deb_version,
                       fmt::format("{}", fmt::join(names, ", "))};
        out.deb = build_deb(req, b.opt.outdir, b.workdir);
        b.progress.end(out.deb.string());
    }
}

void print_notes(const Build &b, size_t from)
{
    for (size_t i = from; i < b.notes.size(); ++i)
        fmt::print(stderr, "note: {}\n", b.notes[i]);
}

// Before the link, so the user sees what the module will hold even if
// something is refused.
void print_report(const Build &b)
{
    print_plan_report(b.plans);
    print_notes(b, 0);
}

// How one release's build ended.
struct Attempt {
    int rc = 0;
    std::string error;
    ErrorKind kind = ErrorKind::Failed;
    int signal = 0;
};

void print_json(const Build &b, const Attempt &a)
{
    // "outcome": what a run for several releases calls each (releases.h).
    Json doc = {{"status", a.rc == 0 ? "ok" : "error"},
                {"outcome", a.rc == 0 ? "built" : status_name(status_of(a.kind))}};
    if (!a.error.empty())
        doc["error"] = a.error;
    doc["name"] = b.opt.name;
    doc["release"] = b.target.release;
    // "module": the first format's, as before there were formats.
    doc["module"] = b.outputs.empty() ? "" : b.outputs[0].module.string();
    Json modules = Json::array();
    for (const ModuleOutput &out : b.outputs) {
        Json m = {{"format", format_name(out.format)}, {"path", out.module.string()}};
        if (!out.deb.empty())
            m["deb"] = out.deb.string();
        modules.push_back(std::move(m));
    }
    doc["modules"] = std::move(modules);
    doc["core"] = b.core.ko.string();
    doc["seconds"] = json_seconds(b.progress.total_seconds());
    Json phases = Json::array();
    for (const auto &p : b.progress.phases()) {
        Json j = {{"name", p.name}, {"detail", p.detail}, {"seconds", json_seconds(p.seconds)}};
        if (p.failed)
            j["failed"] = true;
        phases.push_back(std::move(j));
    }
    doc["phases"] = std::move(phases);
    Json units = Json::array();
    for (const UnitObjects &o : b.objects)
        units.push_back({{"source", o.unit.source},
                         {"object", o.unit.target},
                         {"via_header", o.unit.via_header}});
    doc["units"] = std::move(units);
    // The fingerprints' view (every change, with what the plan does with
    // it); "plans": what each module holds.
    doc["changes"] = changes_json(b.plans.empty() ? std::vector<ChangeLine>{}
                                                  : b.plans.front().changes);
    doc["plans"] = plans_json(b.plans);
    doc["notes"] = b.notes;
    doc["warnings"] = b.warnings;
    fmt::print("{}\n", doc.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// Work directories of failed runs keep only their log; those older than a
// week are removed here so they do not pile up.
void prune_workdirs(const fs::path &root)
{
    std::error_code ec;
    auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(24 * 7);
    for (const auto &e : fs::directory_iterator(root, ec))
        if (e.is_directory(ec) && e.last_write_time(ec) < cutoff)
            fs::remove_all(e.path(), ec);
}

void keep_only_log(const fs::path &dir)
{
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir, ec))
        if (e.path().filename() != "build.log")
            fs::remove_all(e.path(), ec);
}

fs::path make_workdir(const Options &opt)
{
    prune_workdirs(cache_root() / "work");
    // Several releases in one run: each keeps its own log.
    std::string tag = several_releases(opt) ? opt.name + "-" + opt.release : opt.name;
    fs::path dir = cache_root() / "work" / fmt::format("{}-{}", tag, getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

int run(Build &b)
{
    phase_target(b);
    if (b.wants(ModuleFormat::Kpatch))
        phase_core(b);
    phase_tree(b);
    phase_patch(b);
    phase_units(b);
    phase_original(b);
    phase_patched(b);
    b.cache.reset();  // the tree is restored: let the next build in
    phase_plan(b);
    if (!b.opt.json)
        print_report(b);
    check_refusals(b);
    size_t shown = b.notes.size();
    phase_link(b);
    if (!b.opt.json)
        print_notes(b, shown);  // the linker's decisions
    phase_module(b);
    phase_deb(b);
    return 0;
}

// --prepare-tree: the target's cached tree, prepared as a build would
// prepare it, and its path on stdout (the lit suite compiles kernel
// sources there).
int prepare_tree_only(const Options &opt)
{
    Build b(opt);
    try {
        phase_target(b);
        phase_tree(b);
    } catch (const Error &e) {
        b.progress.fail();
        fmt::print(stderr, "kpatch-build: error: {}\n", e.what());
        return 1;
    } catch (const Interrupted &e) {
        b.progress.fail();
        return 128 + e.signo();
    }
    fmt::print("{}\n", b.tree.root.string());
    return 0;
}

// Of several releases, one already fixed or not affected is an answer,
// not a failure: its phase line says which.  One release alone keeps
// "FAILED" (its exit status is 1 and its JSON marks the phase failed).
void close_phase(Build &b, ErrorKind kind)
{
    if (several_releases(b.opt) &&
        (kind == ErrorKind::AlreadyFixed || kind == ErrorKind::NotAffected))
        b.progress.end(status_name(status_of(kind)));
    else
        b.progress.fail();
}

Attempt attempt(Build &b)
{
    Attempt a;
    try {
        preflight(b.opt);  // before minutes of compiling, not after
        b.workdir = make_workdir(b.opt);
        process::set_log(b.workdir / "build.log");
        process::set_verbose(b.opt.debug);
        a.rc = run(b);
    } catch (const Error &e) {
        close_phase(b, e.kind());
        a.error = e.what();
        a.kind = e.kind();
        a.rc = 1;
    } catch (const Interrupted &e) {
        b.progress.fail();
        a.error = b.applied ? "interrupted; the source tree was restored" : "interrupted";
        a.signal = e.signo();
        a.rc = 128 + e.signo();
    } catch (const std::exception &e) {
        b.progress.fail();
        a.error = std::string("internal error: ") + e.what();
        a.rc = 1;
    }
    return a;
}

// The work directory of a failed build keeps its log (unless --keep);
// a successful one goes (unless --keep).
void finish_workdir(const Build &b, bool failed)
{
    if (b.workdir.empty())
        return;
    if (failed) {
        if (!b.opt.keep)
            keep_only_log(b.workdir);
    } else if (b.opt.keep) {
        fmt::print(stderr, "kpatch-build: work directory kept: {}\n", b.workdir.string());
    } else {
        fs::remove_all(b.workdir);
    }
}

std::vector<std::string> built_paths(const Build &b)
{
    std::vector<std::string> built;
    for (const auto &out : b.outputs) {
        built.push_back(out.module.string());
        if (!out.deb.empty())
            built.push_back(out.deb.string());
    }
    return built;
}

int build_one_release(const Options &opt)
{
    Build b(opt);
    Attempt a = attempt(b);
    if (b.opt.json)
        print_json(b, a);
    if (!a.error.empty()) {
        fmt::print(stderr, "kpatch-build: error: {}\n", a.error);
        if (!b.workdir.empty())
            fmt::print(stderr, "kpatch-build: log: {}\n", process::log_path().string());
        finish_workdir(b, true);
        return a.rc;
    }
    fmt::print(stderr, "kpatch-build: built {} in {:.1f}s\n", fmt::join(built_paths(b), " and "),
               b.progress.total_seconds());
    finish_workdir(b, false);
    return 0;
}

// One release of several (releases.h): its own Build, output directory
// and log; the outcome is returned, not printed as JSON.
ReleaseResult build_release(const Options &base, const std::string &release,
                            const fs::path &outdir)
{
    Options opt = base;
    opt.release = release;
    opt.outdir = outdir;
    Build b(opt);
    Attempt a = attempt(b);
    ReleaseResult r;
    r.release = release;
    r.core = b.core.ko;
    r.seconds = b.progress.total_seconds();
    r.signal = a.signal;
    if (a.error.empty()) {
        r.status = ReleaseStatus::Built;
        for (const auto &out : b.outputs)
            r.modules.push_back({format_name(out.format), out.module, out.deb});
        fmt::print(stderr, "kpatch-build: {}: built {} in {:.1f}s\n", release,
                   fmt::join(built_paths(b), " and "), r.seconds);
    } else {
        r.status = status_of(a.kind);
        r.error = a.error;
        bool failed = r.status == ReleaseStatus::Failed || r.status == ReleaseStatus::Refused;
        if (failed && !b.workdir.empty())
            r.log = process::log_path();
    }
    finish_workdir(b, !r.log.empty());
    return r;
}

int build_releases(const Options &opt)
{
    try {
        preflight(opt);  // the same for every release: said once
        return run_releases(opt, [&](const std::string &release, const fs::path &outdir) {
            return build_release(opt, release, outdir);
        });
    } catch (const Error &e) {
        fmt::print(stderr, "kpatch-build: error: {}\n", e.what());
        return 1;
    }
}

}  // namespace

int main(int argc, char **argv)
{
    Options opt;
    try {
        opt = parse_options(argc, argv);
    } catch (const Error &e) {
        fmt::print(stderr, "kpatch-build: error: {}\n", e.what());
        return 2;
    }
    if (opt.help) {
        fmt::print("{}", usage());
        return 0;
    }
    if (opt.paths) {
        const DataPaths &p = data_paths();
        fmt::print("layout:         {}\nplugin:         {}\ntemplate:       {}\n"
                   "headers:        {}\ncore API:       {}\ncore exports:   {}\n"
                   "kernel-release: {}\n",
                   p.installed ? "installed" : "build tree", p.plugin.string(),
                   p.patch_dir.string(), p.include_dir.string(), p.core_dir.string(),
                   p.core_symvers.string(), p.kernel_release.string());
        return 0;
    }
    signals::install();
    if (opt.prepare_tree)
        return prepare_tree_only(opt);
    if (several_releases(opt))
        return build_releases(opt);
    return build_one_release(opt);
}
