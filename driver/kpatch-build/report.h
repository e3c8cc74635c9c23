// SPDX-License-Identifier: GPL-2.0
//
// report.h - what kpatch-build says a patch does, human and --json, from
// the linker's plans (stages.h, PlanResult): the functions each module
// will hold and why, what was left out on request, the notes and the
// refusals.  The report is never computed on its own: it is the plan the
// module is built from.
#pragma once

#include "stages.h"

#include <string>
#include <vector>

namespace kpatch::build {

// "vmlinux: version_proc_show: changed [ftrace] (own body changed)".
std::string function_line(const ReportFunction &f);

// The report on stdout: the functions of each format's module (under a
// heading per format when there are several) and the data changes.
void print_plan_report(const std::vector<PlanResult> &plans);

// The "plans" member of the --json document: one object per format with
// its functions, notes and refusals.
std::string plans_json(const std::vector<PlanResult> &plans);

}  // namespace kpatch::build
