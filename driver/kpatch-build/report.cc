// SPDX-License-Identifier: GPL-2.0
//
// report.cc - see report.h.
#include "report.h"

#include "progress.h"

#include <fmt/format.h>

#include <cmath>

namespace kpatch::build {
namespace {

// How the running kernel reaches the function: through ftrace, a jmp at
// the original's entry, or only from other patched code (new, .cold,
// copied).
std::string route(const ReportFunction &f)
{
    if (f.replaces.empty())
        return "carried";
    return f.entry_jump ? "jump at entry" : "ftrace";
}

Json function_json(const ReportFunction &f)
{
    return {{"object", f.object}, {"unit", f.unit},     {"symbol", f.symbol},
            {"replaces", f.replaces}, {"why", f.why}, {"reason", f.reason},
            {"route", route(f)}};
}

Json diagnostics_json(const std::vector<Diagnostic> &all)
{
    Json out = Json::array();
    for (const Diagnostic &d : all)
        out.push_back(diagnostic_json(d));
    return out;
}

}  // namespace

std::string function_line(const ReportFunction &f)
{
    std::string replaces = f.replaces.empty() || f.replaces == f.symbol
                               ? ""
                               : fmt::format(", replaces {}", f.replaces);
    return fmt::format("{}: {}: {} [{}{}]{}", f.object, f.symbol, f.why, route(f), replaces,
                       f.reason.empty() ? "" : " (" + f.reason + ")");
}

void print_plan_report(const std::vector<PlanResult> &plans)
{
    for (const PlanResult &p : plans) {
        if (plans.size() > 1)
            fmt::print("{} format:\n", format_name(p.format));
        for (const ReportFunction &f : p.functions)
            fmt::print("{}{}\n", plans.size() > 1 ? "  " : "", function_line(f));
    }
    // Data is the same in every format: the fingerprints' view of it, and
    // what the plan does with it.
    if (!plans.empty())
        for (const ChangeLine &c : plans.front().changes)
            if (c.kind.ends_with(" data"))
                fmt::print("{}: {}: {}{}: {}\n", c.object, c.kind, c.symbol,
                           c.reason.empty() ? "" : " (" + c.reason + ")", c.outcome);
}

Json diagnostic_json(const Diagnostic &d)
{
    return {{"file", d.file}, {"symbol", d.symbol}, {"section", d.section},
            {"what", d.what}, {"todo", d.todo},     {"text", to_string(d)}};
}

Json plans_json(const std::vector<PlanResult> &plans)
{
    Json out = Json::array();
    for (const PlanResult &p : plans) {
        Json functions = Json::array();
        for (const ReportFunction &f : p.functions)
            functions.push_back(function_json(f));
        out.push_back({{"format", format_name(p.format)},
                       {"functions", std::move(functions)},
                       {"notes", diagnostics_json(p.notes)},
                       {"refusals", diagnostics_json(p.refusals)}});
    }
    return out;
}

Json changes_json(const std::vector<ChangeLine> &changes)
{
    Json out = Json::array();
    for (const ChangeLine &c : changes)
        out.push_back({{"object", c.object}, {"unit", c.unit},     {"kind", c.kind},
                       {"symbol", c.symbol}, {"reason", c.reason}, {"outcome", c.outcome}});
    return out;
}

double json_seconds(double s)
{
    return std::round(s * 100) / 100;
}

}  // namespace kpatch::build
