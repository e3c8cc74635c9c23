// SPDX-License-Identifier: GPL-2.0
//
// passes.cc - the pass classes (see passes.h).  Each is a fixed shape:
// pass_data, a class that forwards execute() to function_record.cc.
#include "passes.h"

#include "function_record.h"
#include "gcc-common.h"
#include "stats.h"
#include "unit.h"
#include "wide_branches.h"

namespace kpatch::plugin {
namespace {

constexpr pass_data make_data(opt_pass_type type, const char *name, unsigned required)
{
    return {type, name, OPTGROUP_NONE, TV_NONE, required, 0, 0, 0, 0};
}

const pass_data kGimpleData = make_data(GIMPLE_PASS, "kpatch_gimple", PROP_cfg);
const pass_data kRtlData = make_data(RTL_PASS, "kpatch_rtl", 0);
const pass_data kSectionsData = make_data(RTL_PASS, "kpatch_sect", 0);

class GimplePass : public gimple_opt_pass {
public:
    GimplePass() : gimple_opt_pass(kGimpleData, g) {}
    opt_pass *clone() override { return new GimplePass(); }
    unsigned execute(function *fn) override
    {
        CpuTimer timer;
        record_own_body(fn);
        return 0;
    }
};

class RtlPass : public rtl_opt_pass {
public:
    RtlPass() : rtl_opt_pass(kRtlData, g) {}
    opt_pass *clone() override { return new RtlPass(); }
    unsigned execute(function *fn) override
    {
        CpuTimer timer;
        record_final_rtl(fn);
        if (unit().options.wide_static_branches)
            widen_static_branches();  // after the fingerprint: it must not see this
        return 0;
    }
};

class SectionsPass : public rtl_opt_pass {
public:
    SectionsPass() : rtl_opt_pass(kSectionsData, g) {}
    opt_pass *clone() override { return new SectionsPass(); }
    unsigned execute(function *fn) override
    {
        CpuTimer timer;
        record_sections(fn);
        return 0;
    }
};

void add(const char *plugin_name, opt_pass *pass, const char *ref, int instance,
         pass_positioning_ops pos)
{
    register_pass_info info{pass, ref, instance, pos};
    register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, nullptr, &info);
}

}  // namespace

void register_passes(const char *plugin_name)
{
    add(plugin_name, new GimplePass(), "einline", 1, PASS_POS_INSERT_BEFORE);
    add(plugin_name, new RtlPass(), "final", 1, PASS_POS_INSERT_BEFORE);
    add(plugin_name, new SectionsPass(), "final", 1, PASS_POS_INSERT_AFTER);
}

}  // namespace kpatch::plugin
