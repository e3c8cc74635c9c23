// SPDX-License-Identifier: GPL-2.0
//
// report.cc - see report.h.
#include "report.h"

#include "progress.h"

#include <fmt/format.h>

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

std::string strings_json(const std::vector<std::string> &v)
{
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i)
        s += (i ? "," : "") + json_escape(v[i]);
    return s + "]";
}

std::string function_json(const ReportFunction &f)
{
    return fmt::format("{{\"object\":{},\"unit\":{},\"symbol\":{},\"replaces\":{},\"why\":{},"
                       "\"reason\":{},\"route\":{}}}",
                       json_escape(f.object), json_escape(f.unit), json_escape(f.symbol),
                       json_escape(f.replaces), json_escape(f.why), json_escape(f.reason),
                       json_escape(route(f)));
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
    // Data is the same in every format: the fingerprints' view of it.
    if (!plans.empty())
        for (const ChangeLine &c : plans.front().changes)
            if (c.kind.ends_with(" data"))
                fmt::print("{}: {}: {}{}\n", c.object, c.kind, c.symbol,
                           c.reason.empty() ? "" : " (" + c.reason + ")");
}

std::string plans_json(const std::vector<PlanResult> &plans)
{
    std::string s = "[";
    for (size_t i = 0; i < plans.size(); ++i) {
        const PlanResult &p = plans[i];
        s += fmt::format("{}{{\"format\":{},\"functions\":[", i ? "," : "",
                         json_escape(format_name(p.format)));
        for (size_t j = 0; j < p.functions.size(); ++j)
            s += (j ? "," : "") + function_json(p.functions[j]);
        s += fmt::format("],\"notes\":{},\"refusals\":{}}}", strings_json(p.notes),
                         strings_json(p.refusals));
    }
    return s + "]";
}

}  // namespace kpatch::build
