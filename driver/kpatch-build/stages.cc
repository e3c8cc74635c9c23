// SPDX-License-Identifier: GPL-2.0
//
// stages.cc - see stages.h.
#include "stages.h"

#include "paths.h"

#include "error.h"
#include "process.h"

#include <kpatch/fingerprint.h>

#ifdef KPATCH_HAVE_LINK
#include "klp_finish.h"
#include "link.h"
#include "plan.h"
#endif

#include <fmt/core.h>

#include <algorithm>

namespace kpatch::build {

std::string plugin_cflags(const fs::path &override_path)
{
    const DataPaths &paths = data_paths();
    fs::path plugin = override_path.empty() ? paths.plugin : override_path;
    if (!fs::exists(plugin))
        throw Error("{}: the kpatch GCC plugin is not there; {} or pass --plugin PATH",
                    plugin.string(), paths.how_to_build);
    // "sections" turns on -ffunction-sections -fdata-sections inside the
    // plugin (gcc-plugin/options.h), so kbuild's own flags stay untouched.
    std::string cflags = "-fplugin=" + fs::absolute(plugin).string() + " -fplugin-arg-kpatch-sections";
    // Patches written for kpatch say #include "kpatch-macros.h" /
    // "kpatch-syscall.h": the same flags build originals and patched
    // units, so this adds no difference between them.
    cflags += " -I" + paths.patch_dir.string();
    return cflags;
}

#ifdef KPATCH_HAVE_LINK
namespace {

// Livepatch positions come from the stock image's kallsyms and the stock
// modules (linker/sympos.h), never from a debug package.
link::SymbolSources symbol_sources(const Target &target,
                                   const std::map<std::string, fs::path> &stock_modules)
{
    fs::path image = fs::path("/boot") / ("vmlinuz-" + target.release);
    if (!fs::exists(image))
        throw Error("{} missing: the livepatch format reads symbol positions from the stock "
                    "image's kallsyms; install linux-image-{} (or build --format kpatch)",
                    image.string(), target.release);
    link::SymbolSources s;
    s.image = image.string();
    s.release = target.release;
    s.cache_dir = cache_root().string();
    for (const auto &[name, ko] : stock_modules)
        s.modules[name] = ko.string();
    return s;
}

std::string reasons_text(const std::vector<fp::Reason> &reasons)
{
    std::string s;
    for (const auto &r : reasons) {
        if (!s.empty())
            s += "; ";
        s += fp::to_string(r);
    }
    return s;
}

std::string change_kind(const fp::Change &c)
{
    return fmt::format("{} {}", fp::to_string(c.kind),
                       c.entity == fp::EntityKind::Function ? "function" : "data");
}

// What the plan does with one change of the fingerprint diff.
std::string outcome(const link::Unit &u, const fp::Change &c)
{
    auto named = [&](const Diagnostic &d) { return d.symbol == c.symbol; };
    if (c.kind == fp::ChangeKind::Removed)
        return "stays in the running kernel";
    if (u.corr.includes(c.symbol))
        return c.kind == fp::ChangeKind::New ? "carried" : "patched";
    for (const link::Excluded &e : u.corr.excluded)
        if (e.symbol == c.symbol)
            return "excluded by " + e.how;
    if (std::any_of(u.corr.refusals.begin(), u.corr.refusals.end(), named))
        return "refused";
    auto note = std::find_if(u.corr.notes.begin(), u.corr.notes.end(), named);
    if (note != u.corr.notes.end())
        return "not patched: " + note->what;
    if (c.entity == fp::EntityKind::Variable && u.corr.new_variables.contains(c.symbol))
        return "carried";
    return "follows its users";
}

link::Options link_options(const Target &target, const std::vector<UnitObjects> &units,
                           const fs::path &output, ModuleFormat format, bool replace,
                           const std::map<std::string, fs::path> &stock_modules)
{
    link::Options o;
    for (const auto &u : units)
        o.pairs.push_back({u.original.string(), u.patched.string(), u.unit.target,
                           u.unit.source, u.stock.string()});
    o.output = output.string();
    o.symvers = (target.headers / "Module.symvers").string();
    o.kernel_release = target.release;
    o.format = format == ModuleFormat::Klp ? link::Format::Klp : link::Format::Kpatch;
    o.replace = replace;
    if (format == ModuleFormat::Klp)
        o.symbols = symbol_sources(target, stock_modules);
    return o;
}

std::vector<ChangeLine> change_lines(const link::Plan &plan, const std::vector<UnitObjects> &units)
{
    std::vector<ChangeLine> lines;
    for (size_t i = 0; i < plan.units.size(); ++i)
        for (const fp::Change &c : plan.units[i].corr.changes) {
            std::string why = reasons_text(c.reasons);
            if (!c.patchable)
                why += "; no ftrace entry";  // copied, or jumped to at its entry
            lines.push_back({units[i].unit.target, units[i].unit.source, change_kind(c),
                             c.symbol.empty() ? c.canonical : c.symbol, why,
                             outcome(plan.units[i], c)});
        }
    return lines;
}

std::vector<ReportFunction> report_functions(const link::Plan &plan)
{
    std::vector<ReportFunction> out;
    for (const link::PlannedFunction &f : link::planned_functions(plan)) {
        std::string why;
        for (const std::string &r : f.reasons)
            why += (why.empty() ? "" : "; ") + r;
        out.push_back({f.object, f.file, f.symbol,
                       f.replaced ? f.orig_symbol : "", std::string(link::to_string(f.why)), why,
                       f.entry_jump});
    }
    return out;
}

}  // namespace

PlanResult plan_units(const Target &target, const std::vector<UnitObjects> &units,
                      const fs::path &workdir, ModuleFormat format, bool replace,
                      const std::map<std::string, fs::path> &stock_modules)
{
    fs::path output = workdir / "link" / format_name(format) / "patch.o";
    fs::create_directories(output.parent_path());
    PlanResult r;
    r.format = format;
    try {
        auto plan = std::make_shared<link::Plan>(
            link::plan(link_options(target, units, output, format, replace, stock_modules)));
        r.changes = change_lines(*plan, units);
        r.functions = report_functions(*plan);
        r.notes = link::plan_notes(*plan);
        r.refusals = plan->refusals;
        r.plan = std::move(plan);
    } catch (const kpatch::Error &e) {
        // Objects it cannot read (no fingerprint record, not a pair): a
        // failed build; what cannot be made live is in r.refusals.
        throw Error(ErrorKind::Failed, e.diagnostics());
    }
    return r;
}

LinkResult link_plan(PlanResult &plan)
{
    LinkResult r;
    r.object = plan.plan->options.output;
    try {
        link::Report rep = link::build(*plan.plan);
        // The plan's notes come first (link.h); the report said those.
        r.notes.assign(rep.notes.begin() + static_cast<std::ptrdiff_t>(plan.notes.size()),
                       rep.notes.end());
        r.functions = rep.functions.size();
        r.dynrelas = rep.dynrelas;
        r.symbols = rep.symbols;
        r.hooks = rep.hooks;
    } catch (const kpatch::Error &e) {
        // What the build stops at is a change it cannot make live.
        plan.refusals.insert(plan.refusals.end(), e.diagnostics().begin(), e.diagnostics().end());
        throw Error(ErrorKind::Refused, e.diagnostics());
    }
    return r;
}

// kbuild's module link cannot carry livepatch relocations (klp_finish.h):
// they are written into the linked .ko here, before any signature.
void finish_livepatch_module(const fs::path &ko)
{
    try {
        link::finish_klp(ko.string(), ko.string());
    } catch (const kpatch::Error &e) {
        throw Error("post-link step of the livepatch module: {}", e.what());
    }
}
#else
[[noreturn]] void no_linker()
{
    throw Error("the linker stage (linker/, library kpatch_link) is not part of this build "
                "yet: pull and rebuild kpatch-build");
}

PlanResult plan_units(const Target &, const std::vector<UnitObjects> &, const fs::path &,
                      ModuleFormat, bool, const std::map<std::string, fs::path> &)
{
    no_linker();
}

LinkResult link_plan(PlanResult &)
{
    no_linker();
}

void finish_livepatch_module(const fs::path &)
{
    no_linker();
}
#endif

namespace {

// The template's glue of the format (its .c files become members of the
// module beside patch.o; headers are copied with them), and how the
// module links: a kpatch module against kpatch.ko's exports
// (kpatch_register), a livepatch one against nothing but the kernel.
struct Template {
    std::vector<fs::path> files;
    fs::path extra_symbols;  // KBUILD_EXTRA_SYMBOLS; empty: none
};

Template template_for(ModuleFormat format, const fs::path &core_symvers)
{
    const fs::path &dir = data_paths().patch_dir;
    if (format == ModuleFormat::Klp)
        return {{dir / "livepatch-patch.c", dir / "livepatch-relocs.c", dir / "livepatch-relocs.h"},
                {}};
    return {{dir / "kpatch-patch.c"}, core_symvers};
}

// "a.o b.o " for the template's .c files.
std::string template_objects(const Template &t)
{
    std::string out;
    for (const fs::path &f : t.files)
        if (f.extension() == ".c")
            out += f.stem().string() + ".o ";
    return out;
}

}  // namespace

fs::path build_module(const Target &target, ModuleFormat format, const std::string &name,
                      const fs::path &linked, const fs::path &core_symvers,
                      const fs::path &workdir, int jobs)
{
    const DataPaths &paths = data_paths();
    Template t = template_for(format, core_symvers);
    for (const fs::path &f : t.files)
        if (!fs::exists(f))
            throw Error("{}: the patch-module template is missing; {}", f.string(),
                        paths.how_to_build);
    // The template's glue plus kpatch-link's object, as one composite
    // module; kbuild copies patch.o_shipped to patch.o.
    fs::path dir = workdir / "module" / format_name(format);
    fs::create_directories(dir);
    std::string mod = module_prefix(format) + name;
    write_file_atomic(dir / "Kbuild",
                      fmt::format("# Written by kpatch-build.\n"
                                  "obj-m := {0}.o\n"
                                  "{0}-y := {1}patch.o\n"
                                  "ccflags-y := -I{2} -I{3}\n",
                                  mod, template_objects(t), paths.include_dir.string(),
                                  paths.core_dir.string()));
    for (const fs::path &f : t.files)
        copy_file_atomic(f, dir / f.filename());
    copy_file_atomic(linked, dir / "patch.o_shipped");
    // modpost reads every member's .cmd (for CONFIG_MODVERSIONS' symbol
    // CRCs); the shipped object has none, and exports nothing.
    write_file_atomic(dir / ".patch.o.cmd",
                      fmt::format("cmd_{0}/patch.o := cp {0}/patch.o_shipped {0}/patch.o\n",
                                  dir.string()));
    // The work directory's name changes with every run (NAME-PID): debug
    // info names the module's sources relative to it, so that the same
    // inputs give the same module, whichever run or host compiled it.
    // Without columns: distcc compiles the locally preprocessed text, whose
    // columns are not the source's.
    std::vector<std::string> make = {
        "make", "-C", target.headers.string(), "M=" + dir.string(), fmt::format("-j{}", jobs),
        "CC=" + target.cc,
        fmt::format("KCFLAGS=-ffile-prefix-map={}={} -gno-column-info", dir.string(), mod)};
    if (!t.extra_symbols.empty())
        make.push_back("KBUILD_EXTRA_SYMBOLS=" + t.extra_symbols.string());
    make.push_back("modules");
    process::run_checked({make, {}, {}}, "building the patch module " + mod + ".ko");
    fs::path ko = dir / (mod + ".ko");
    if (!fs::exists(ko))
        throw Error("kbuild finished but {} is missing (see the log)", ko.string());
    if (format == ModuleFormat::Klp)
        finish_livepatch_module(ko);
    return ko;
}

std::map<std::string, fs::path> build_stock_oot_modules(const Target &target,
                                                        const fs::path &source,
                                                        const fs::path &workdir, int jobs)
{
    fs::path copy = workdir / "oot-stock" / fs::absolute(source).filename();
    fs::remove_all(copy);
    fs::create_directories(copy.parent_path());
    fs::copy(source, copy, fs::copy_options::recursive);
    process::run_checked({{"make", "-C", target.headers.string(), "M=" + copy.string(),
                           fmt::format("-j{}", jobs), "CC=" + target.cc, "modules"},
                          {}, {}},
                         "building the unpatched out-of-tree module (for its symbol table)");
    std::map<std::string, fs::path> out;
    for (const auto &e : fs::recursive_directory_iterator(copy))
        if (e.path().extension() == ".ko")
            out[module_name(e.path().string())] = e.path();
    return out;
}

void sign_module(const Target &target, const fs::path &ko, const fs::path &key,
                 const fs::path &cert)
{
    fs::path sign_file = target.headers / "scripts" / "sign-file";
    if (!fs::exists(sign_file))
        throw Error("{} missing: cannot sign; is linux-headers-{} complete?", sign_file.string(),
                    target.release);
    process::run_checked({{sign_file.string(), "sha256", key.string(), cert.string(),
                           ko.string()},
                          {}, {}},
                         "signing " + ko.filename().string());
}

}  // namespace kpatch::build
