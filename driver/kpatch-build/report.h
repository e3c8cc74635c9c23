// SPDX-License-Identifier: GPL-2.0
//
// report.h - what kpatch-build says a patch does, human and --json, from
// the linker's plans (stages.h, PlanResult): the functions each module
// will hold and why, what was left out on request, the notes and the
// refusals.  The report is never computed on its own: it is the plan the
// module is built from.
#pragma once

#include "stages.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kpatch::build {

// "vmlinux: version_proc_show: changed [ftrace] (own body changed)".
std::string function_line(const ReportFunction &f);

// The report on stdout: the functions of each format's module (under a
// heading per format when there are several) and the data changes.
void print_plan_report(const std::vector<PlanResult> &plans);

// The --json document keeps its members in the order written.
using Json = nlohmann::ordered_json;

// {"file", "symbol", "section", "what", "todo", "text"}: text is the
// whole sentence as printed.
Json diagnostic_json(const Diagnostic &d);

// The "plans" member of the --json document: one object per format with
// its functions, notes and refusals.
Json plans_json(const std::vector<PlanResult> &plans);

// The "changes" member: every change of the fingerprint diff with what the
// plan does with it ("outcome").
Json changes_json(const std::vector<ChangeLine> &changes);

// Seconds as the document gives them: rounded to hundredths.
double json_seconds(double s);

}  // namespace kpatch::build
