// SPDX-License-Identifier: GPL-2.0
//
// report: kpatch-build's lines and --json for the functions of a plan
// (driver/kpatch-build/report.h): each says why it is in and how the
// running kernel reaches it.
#include "report.h"

#include <doctest/doctest.h>

using namespace kpatch::build;

TEST_SUITE("report")
{
    TEST_CASE("a line names the function, why it is in, its route and reasons")
    {
        ReportFunction changed{"vmlinux", "fs/proc/version.c", "version_proc_show",
                               "version_proc_show", "changed", "own body changed", false};
        CHECK(function_line(changed) ==
              "vmlinux: version_proc_show: changed [ftrace] (own body changed)");
        ReportFunction jumped{"vmlinux", "kernel/sys.c", "__do_sys_prctl", "__do_sys_prctl",
                              "changed", "own body changed", true};
        CHECK(function_line(jumped) ==
              "vmlinux: __do_sys_prctl: changed [jump at entry] (own body changed)");
        ReportFunction caller{"vmlinux", "kernel/sys.c", "__x64_sys_prctl", "__x64_sys_prctl",
                              "calls a copied function", "", false};
        CHECK(function_line(caller) == "vmlinux: __x64_sys_prctl: calls a copied function [ftrace]");
        ReportFunction renamed{"ext4", "fs/ext4/super.c", "f.isra.1", "f.isra.0", "changed", "",
                               false};
        CHECK(function_line(renamed) == "ext4: f.isra.1: changed [ftrace, replaces f.isra.0]");
        ReportFunction cold{"vmlinux", "fs/x.c", "f.cold", "", "cold part or its parent",
                            "included with 'f'", false};
        CHECK(function_line(cold) ==
              "vmlinux: f.cold: cold part or its parent [carried] (included with 'f')");
    }

    TEST_CASE("the json of a plan has every function, note and refusal")
    {
        PlanResult kpatch;
        kpatch.format = ModuleFormat::Kpatch;
        kpatch.functions = {{"vmlinux", "kernel/sys.c", "__do_sys_prctl", "__do_sys_prctl",
                             "changed", "own body changed", true}};
        kpatch.notes = {{.file = "kernel/sys.c", .what = "a note"}};
        PlanResult klp;
        klp.format = ModuleFormat::Klp;
        klp.functions = {{"vmlinux", "kernel/sys.c", "__do_sys_prctl", "", "changed", "", false}};
        klp.refusals = {{.file = "kernel/sys.c", .symbol = "x", .section = ".text.x",
                         .what = "no", .todo = "do this"}};
        CHECK(plans_json({kpatch, klp}).dump() ==
              "[{\"format\":\"kpatch\",\"functions\":[{\"object\":\"vmlinux\","
              "\"unit\":\"kernel/sys.c\",\"symbol\":\"__do_sys_prctl\","
              "\"replaces\":\"__do_sys_prctl\",\"why\":\"changed\","
              "\"reason\":\"own body changed\",\"route\":\"jump at entry\"}],"
              "\"notes\":[{\"file\":\"kernel/sys.c\",\"symbol\":\"\",\"section\":\"\","
              "\"what\":\"a note\",\"todo\":\"\",\"text\":\"kernel/sys.c: a note\"}],"
              "\"refusals\":[]},"
              "{\"format\":\"klp\",\"functions\":[{\"object\":\"vmlinux\","
              "\"unit\":\"kernel/sys.c\",\"symbol\":\"__do_sys_prctl\",\"replaces\":\"\","
              "\"why\":\"changed\",\"reason\":\"\",\"route\":\"carried\"}],"
              "\"notes\":[],\"refusals\":[{\"file\":\"kernel/sys.c\",\"symbol\":\"x\","
              "\"section\":\".text.x\",\"what\":\"no\",\"todo\":\"do this\","
              "\"text\":\"kernel/sys.c: 'x' (.text.x): no; do this\"}]}]");
    }
}
