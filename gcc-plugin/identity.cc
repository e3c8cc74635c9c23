// SPDX-License-Identifier: GPL-2.0
//
// identity.cc - see identity.h.
#include "gcc-common.h"
#include "identity.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace kpatch::plugin {

bool check_identity(const plugin_name_args &info, const char *expected_hex)
{
    FILE *f = fopen(info.full_name, "rb");
    if (!f) {
        error("%s: cannot read %qs to check its identity: %m", info.base_name, info.full_name);
        return false;
    }
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64, as kpatch-build's fnv1a()
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            h ^= buf[i];
            h *= 0x100000001b3ULL;
        }
    }
    fclose(f);
    char have[17];
    snprintf(have, sizeof have, "%016" PRIx64, h);
    if (!strcmp(have, expected_hex))
        return true;
    error("%s: %qs (hash %s) is not the kpatch.so build this compile was asked for (hash %s): "
          "install the same kpatch build on every compile host",
          info.base_name, info.full_name, have, expected_hex);
    return false;
}

}  // namespace kpatch::plugin
