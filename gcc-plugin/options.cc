// SPDX-License-Identifier: GPL-2.0
//
// options.cc - parse -fplugin-arg-kpatch-* (see options.h).
#include "gcc-common.h"
#include "options.h"

#include <cstring>

namespace kpatch::plugin {

bool parse_options(const plugin_name_args &info, Options &out)
{
    bool ok = true;
    for (int i = 0; i < info.argc; i++) {
        const plugin_argument &arg = info.argv[i];
        bool *flag = !strcmp(arg.key, "sections") ? &out.sections
                     : !strcmp(arg.key, "stats") ? &out.stats
                     : !strcmp(arg.key, "wide-static-branches") ? &out.wide_static_branches
                                                                : nullptr;
        if (flag) {
            if (arg.value) {
                error("%s: %<-fplugin-arg-%s-%s%> takes no value", info.base_name,
                      info.base_name, arg.key);
                ok = false;
            }
            *flag = true;
        } else if (!strcmp(arg.key, "trace")) {
            if (!arg.value || !*arg.value) {
                error("%s: %<-fplugin-arg-%s-trace%> needs a file: %<-fplugin-arg-%s-trace=FILE%>",
                      info.base_name, info.base_name, info.base_name);
                ok = false;
            } else {
                out.trace_file = arg.value;
            }
        } else if (!strcmp(arg.key, "expect-hash")) {
            if (!arg.value || strlen(arg.value) != 16 ||
                strspn(arg.value, "0123456789abcdef") != 16) {
                error("%s: %<-fplugin-arg-%s-expect-hash%> needs 16 hex digits",
                      info.base_name, info.base_name);
                ok = false;
            } else {
                out.expect_hash = arg.value;
            }
        } else {
            error("%s: unknown option %<-fplugin-arg-%s-%s%> (known: expect-hash=HEX, sections, stats, trace=FILE, wide-static-branches)",
                  info.base_name, info.base_name, arg.key);
            ok = false;
        }
    }
    return ok;
}

}  // namespace kpatch::plugin
