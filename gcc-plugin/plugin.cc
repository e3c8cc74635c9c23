// SPDX-License-Identifier: GPL-2.0
//
// plugin.cc - kpatch.so entry point: check the GCC version, parse the
// arguments, register the passes and the end-of-unit callback that
// assembles the record (variables, final names) and emits it.
//
// Usage: gcc -fplugin=kpatch.so [-fplugin-arg-kpatch-sections]
//            [-fplugin-arg-kpatch-stats] [-fplugin-arg-kpatch-trace=FILE] ...
#include "gcc-common.h"

#include "emit.h"
#include "identity.h"
#include "kpatch/fp_normalize.h"
#include "passes.h"
#include "stats.h"
#include "unit.h"
#include "variables.h"

int plugin_is_GPL_compatible;

namespace kpatch::plugin {
namespace {

plugin_info kInfo = {
    "1",
    "records per-function fingerprints in section .discard.kpatch_fingerprints; "
    "-fplugin-arg-kpatch-sections turns on -ffunction-sections -fdata-sections; "
    "-fplugin-arg-kpatch-trace=FILE writes the hashed token streams to FILE; "
    "-fplugin-arg-kpatch-stats prints what was recorded and the plugin's CPU time",
};

void assemble_record()
{
    Unit &u = unit();
    u.record.source = main_input_filename ? main_input_filename : "";
    u.record.function_sections = flag_function_sections;
    u.record.data_sections = flag_data_sections;
    record_variables();
    fp::finalize_names(u.record);
}

void finish_unit(void *, void *)
{
    Unit &u = unit();
    if (seen_error())
        return;
    size_t bytes;
    {
        CpuTimer timer;
        assemble_record();
        bytes = emit_record();
    }
    print_stats(bytes);
    if (u.trace)
        fclose(u.trace);
    u.trace = nullptr;
}

bool version_ok(const plugin_name_args *info, const plugin_gcc_version *running)
{
    if (plugin_default_version_check(const_cast<plugin_gcc_version *>(running), &gcc_version))
        return true;
    error("%s: built for GCC %s (%s) but loaded into GCC %s (%s): rebuild kpatch.so against "
          "the plugin headers of this compiler (%<gcc -print-file-name=plugin%>)",
          info->base_name, gcc_version.basever, gcc_version.datestamp, running->basever,
          running->datestamp);
    return false;
}

}  // namespace

Unit &unit()
{
    static Unit u;
    return u;
}

}  // namespace kpatch::plugin

int plugin_init(plugin_name_args *info, plugin_gcc_version *version)
{
    using namespace kpatch::plugin;
    if (!version_ok(info, version))
        return 1;
    Unit &u = unit();
    u.plugin_name = info->base_name;
    if (!parse_options(*info, u.options))
        return 1;
    if (!u.options.expect_hash.empty() && !check_identity(*info, u.options.expect_hash.c_str()))
        return 1;
    if (!u.options.trace_file.empty()) {
        u.trace = fopen(u.options.trace_file.c_str(), "a");
        if (!u.trace) {
            error("%s: cannot open trace file %qs: %m", info->base_name,
                  u.options.trace_file.c_str());
            return 1;
        }
    }
    if (u.options.sections) {
        flag_function_sections = 1;
        flag_data_sections = 1;
    }
    u.record.gcc_version = version->basever;

    register_callback(info->base_name, PLUGIN_INFO, nullptr, &kInfo);
    register_passes(info->base_name);
    register_callback(info->base_name, PLUGIN_FINISH_UNIT, finish_unit, nullptr);
    return 0;
}
