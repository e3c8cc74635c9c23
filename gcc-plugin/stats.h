// SPDX-License-Identifier: GPL-2.0
//
// stats.h - -fplugin-arg-kpatch-stats: CPU time the plugin itself spends
// (every pass and the end-of-unit work run under a CpuTimer), reported
// with the record's size.  Measured inside cc1 with the thread CPU clock,
// so it is immune to load from other processes, unlike timing whole
// compiles on a shared machine.
#pragma once

#include <cstdint>
#include <ctime>

namespace kpatch::plugin {

class CpuTimer {
public:
    CpuTimer();
    ~CpuTimer();
    CpuTimer(const CpuTimer &) = delete;
    CpuTimer &operator=(const CpuTimer &) = delete;

private:
    timespec start_;
};

// "kpatch: <source>: <n> functions, <m> variables, record <b> bytes,
// plugin cpu <t> ms" on stderr, when asked for.
void print_stats(size_t record_bytes);

}  // namespace kpatch::plugin
