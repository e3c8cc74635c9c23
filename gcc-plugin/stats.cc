// SPDX-License-Identifier: GPL-2.0
//
// stats.cc - see stats.h.
#include "stats.h"

#include "unit.h"

namespace kpatch::plugin {
namespace {

uint64_t &plugin_ns()
{
    static uint64_t ns;
    return ns;
}

}  // namespace

CpuTimer::CpuTimer()
{
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start_);
}

CpuTimer::~CpuTimer()
{
    timespec end;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    plugin_ns() += (end.tv_sec - start_.tv_sec) * 1000000000ull + end.tv_nsec - start_.tv_nsec;
}

void print_stats(size_t record_bytes)
{
    const Unit &u = unit();
    if (!u.options.stats)
        return;
    fprintf(stderr, "kpatch: %s: %zu functions, %zu variables, record %zu bytes, plugin cpu %.3f ms\n",
            u.record.source.c_str(), u.record.functions.size(), u.record.variables.size(),
            record_bytes, plugin_ns() / 1e6);
}

}  // namespace kpatch::plugin
