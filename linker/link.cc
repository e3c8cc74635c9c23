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
    try {
        elf::check_output(options.output);
    } catch (const elf::Error &e) {
        throw Error(e.what());
    }
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
    if (!plan.refusals.empty()) {
        std::string msg;
        for (const std::string &r : plan.refusals)
            msg += (msg.empty() ? "" : "\n") + r;
        throw Error(msg);
    }
    Symvers symvers = Symvers::load(options.symvers);
    Report report;
    report.notes = plan_notes(plan);
    Model model;
    elf::Writer writer;
    Builder builder(symvers, writer, model, report);
    for (const Unit &u : plan.units)
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
