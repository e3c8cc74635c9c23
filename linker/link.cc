// SPDX-License-Identifier: GPL-2.0
//
// link.cc - the pipeline: load pairs, read fingerprints, correlate,
// refuse what cannot be patched, build, emit the ABI sections, write.
#include "link.h"

#include <elf.h>

#include <fmt/core.h>

#include "abi_emit.h"
#include "klp_emit.h"
#include "builder.h"
#include "elf/files.h"
#include "elf/object.h"
#include "elf/writer.h"
#include "entry_jump.h"
#include "insn.h"
#include "kpatch/fingerprint.h"
#include "symvers.h"

namespace kpatch::link {
namespace {

elf::Object load_object(const std::string &path)
{
    try {
        return elf::Object::open(path);
    } catch (const elf::Error &e) {
        throw Error(e.what());
    }
}

std::vector<fp::TranslationUnit> fingerprints(const elf::Object &obj)
{
    const elf::Section *sec = obj.find_section_by_name(fp::kFingerprintSection);
    if (!sec || sec->data.empty())
        throw Error(fmt::format("{}: no {} section: compile it with -fplugin=kpatch.so; "
                                "without fingerprints the changes cannot be determined",
                                obj.path(), fp::kFingerprintSection));
    try {
        return fp::decode_all(sec->data);
    } catch (const fp::Error &e) {
        throw Error(fmt::format("{}: section {}: {}", obj.path(), fp::kFingerprintSection,
                                e.what()));
    }
}

void check_pair(const Pair &p, const std::vector<fp::TranslationUnit> &o,
                const std::vector<fp::TranslationUnit> &n)
{
    auto sources = [](const std::vector<fp::TranslationUnit> &tus) {
        std::string s;
        for (const auto &tu : tus)
            s += (s.empty() ? "" : ", ") + tu.source;
        return s;
    };
    // The two builds may come from two trees: compare file names, and ask
    // for common functions so that two different a.c files do not pair.
    auto file = [](const std::string &s) { return s.substr(s.rfind('/') + 1); };
    auto share = [](const fp::TranslationUnit &a, const fp::TranslationUnit &b) {
        if (a.functions.empty() || b.functions.empty())
            return true;
        for (const auto &f : a.functions)
            for (const auto &g : b.functions)
                if (f.canonical == g.canonical)
                    return true;
        return false;
    };
    bool same = o.size() == n.size();
    for (size_t i = 0; same && i < o.size(); i++)
        same = file(o[i].source) == file(n[i].source) && share(o[i], n[i]);
    if (!same)
        throw Error(fmt::format("{} and {} are not a pair: built from [{}] and [{}]; pass the "
                                "original and patched build of the same object",
                                p.original, p.patched, sources(o), sources(n)));
}

std::vector<std::string> describe_locations(const Model &model)
{
    std::vector<std::string> out;
    for (const KSymbol &k : model.ksyms) {
        std::string how = k.anchors.empty() ? "unique name" : "anchors";
        for (uint32_t i = 0; i < k.anchors.size(); i++)
            how += i == k.anchor_self ? fmt::format(" [{}]", k.anchors[i]) : " " + k.anchors[i];
        if (k.ref)
            how += fmt::format(", reference site {}+{:#x}", model.ksyms[k.ref->func_ksym].name,
                               k.ref->offset);
        out.push_back(fmt::format("{}:{}: {}", k.object, k.name, how));
    }
    return out;
}

// What the livepatch format cannot do that the kpatch format does: a jmp
// over the first bytes of a function without an ftrace entry (livepatch
// redirects only through ftrace).  For correlate() that is an obstacle
// to every entry jump: a static function is copied and its callers are
// replaced instead, a global one is refused there, naming it.
constexpr const char *kKlpNoEntryJump =
    "livepatch (--format klp) redirects functions only through ftrace and has no jmp at a "
    "function's entry (the kpatch format, --format kpatch, has one)";

Unit load_unit(const Pair &p, Format format)
{
    Unit u{p, load_object(p.original), load_object(p.patched), {}, {}, {}};
    if (!p.stock.empty())
        u.stock = load_object(p.stock);
    auto of = fingerprints(u.orig);
    auto pf = fingerprints(u.patched);
    check_pair(p, of, pf);
    u.macros = read_macro_inputs(u.patched);
    CodeMap orig_code(u.orig);
    auto entry_jump = [&](const std::string &name) -> std::string {
        if (format == Format::Klp)
            return kKlpNoEntryJump;
        const elf::Symbol *s = u.orig.find_symbol_by_name(name);
        if (!s || s->type != STT_FUNC || !s->is_defined())
            return fmt::format("{} has no function '{}'", p.original, name);
        return entry_jump_obstacle(u.orig, orig_code, *s);
    };
    u.corr = correlate(of, pf, u.macros.ignore_functions, entry_jump);
    if (!u.corr.refusals.empty()) {
        std::string msg;
        for (const Refusal &r : u.corr.refusals)
            msg += fmt::format("{}{}: '{}' ({}): {}", msg.empty() ? "" : "\n", p.patched,
                               r.symbol, r.section.empty() ? "no section" : r.section, r.what);
        throw Error(msg);
    }
    return u;
}

}  // namespace

Report link(const Options &options)
{
    if (options.pairs.empty())
        throw Error("no object pairs given");
    if (options.output.empty())
        throw Error("no output file given");
    try {
        elf::check_output(options.output);  // before the work, not after it
    } catch (const elf::Error &e) {
        throw Error(e.what());
    }
    Symvers symvers = Symvers::load(options.symvers);
    std::vector<Unit> units;
    for (const Pair &p : options.pairs)
        units.push_back(load_unit(p, options.format));

    Report report;
    Model model;
    elf::Writer writer;
    Builder builder(symvers, writer, model, report);
    for (const Unit &u : units)
        builder.add_unit(u);
    if (report.functions.empty())
        throw Error("no changed or new functions: the patched objects compile to the same code "
                    "as the originals, there is nothing to patch");
    if (options.format == Format::Klp) {
        Sympos sympos(options.symbols);
        emit_klp(model, options, [&](uint32_t i) { return sympos.position(model, i); }, writer);
    } else
        emit_abi(model, options, writer);
    report.dynrelas = model.dynrelas.size();
    report.symbols = model.ksyms.size();
    report.locations = describe_locations(model);
    try {
        writer.write(options.output);
    } catch (const elf::Error &e) {
        throw Error(e.what());
    }
    return report;
}

}  // namespace kpatch::link
