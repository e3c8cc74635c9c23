// SPDX-License-Identifier: GPL-2.0
//
// trace.cc - -fplugin-arg-kpatch-trace=FILE output: one line per hashed
// entity, "<kind> <name> <hash> <token bytes in hex>", so two traces can
// be compared with diff to find the token that differs.
#include "unit.h"

namespace kpatch::plugin {

void trace(const char *kind, const std::string &name, uint64_t hash, const std::string &tokens)
{
    FILE *f = unit().trace;
    if (!f)
        return;
    fprintf(f, "%s %s %016llx ", kind, name.c_str(), static_cast<unsigned long long>(hash));
    for (unsigned char c : tokens)
        fprintf(f, "%02x", c);
    fputc('\n', f);
}

}  // namespace kpatch::plugin
