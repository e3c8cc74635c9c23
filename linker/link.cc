// SPDX-License-Identifier: GPL-2.0
//
// link.cc - the pipeline: a plan (plan.h: load pairs, read fingerprints,
// correlate, decide), then the build from it: copy, emit the ABI
// sections, write.
#include "link.h"

#include <elf.h>

#include <fmt/core.h>

#include "abi_emit.h"
#include "klp_emit.h"
#include "builder.h"
#include "elf/files.h"
#include "elf/object.h"
#include "elf/writer.h"
#include "plan.h"
#include "symvers.h"

namespace kpatch::link {
namespace {

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

// Before the work, not after it.
void check_output(const Options &options)
{
    if (options.output.empty())
        throw Error("no output file given");
    elf::check_output(options.output);
}

}  // namespace

Report link(const Options &options)
{
    check_output(options);
    return build(plan(options));
}

Report build(const Plan &plan)
{
    const Options &options = plan.options;
    check_output(options);
    if (!plan.refusals.empty())
        throw Error(plan.refusals);
    Symvers symvers = Symvers::load(options.symvers);
    Report report;
    report.notes = plan_notes(plan);
    Model model;
    elf::Writer writer;
    Builder builder(symvers, writer, model, report);
    // What only the relocations show is refused unit by unit: the first
    // of each unit, every unit's said (the module is not written then).
    std::vector<Diagnostic> refusals;
    for (const Unit &u : plan.units) {
        try {
            builder.add_unit(u);
        } catch (const Error &e) {
            refusals.insert(refusals.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!refusals.empty())
        throw Error(refusals);
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
    writer.write(options.output);
    return report;
}

}  // namespace kpatch::link
