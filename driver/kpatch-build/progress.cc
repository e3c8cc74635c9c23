// SPDX-License-Identifier: GPL-2.0
//
// progress.cc - see progress.h.
#include "progress.h"

#include "util.h"

#include <fmt/core.h>

#include <cstdio>

namespace kpatch::build {

Progress::Progress(bool quiet_terminal)
    : tty_(!quiet_terminal && stderr_is_tty()), start_(Clock::now()), phase_start_(start_)
{
}

void Progress::begin(const std::string &phase, const std::string &detail)
{
    phase_ = phase;
    detail_ = detail;
    phase_start_ = Clock::now();
    if (tty_) {
        fmt::print(stderr, "\r\033[K  {:<9} {} ...", phase_, detail_);
        fflush(stderr);
    }
}

void Progress::update(const std::string &detail)
{
    detail_ = detail;
    if (tty_) {
        fmt::print(stderr, "\r\033[K  {:<9} {} ...", phase_, detail_);
        fflush(stderr);
    }
}

void Progress::end(const std::string &detail)
{
    double s = std::chrono::duration<double>(Clock::now() - phase_start_).count();
    phases_.push_back({phase_, detail, s});
    fmt::print(stderr, "{}  {:<9} {:<58} {:6.1f}s\n", tty_ ? "\r\033[K" : "", phase_, detail, s);
    fflush(stderr);
    phase_.clear();
}

void Progress::fail()
{
    if (phase_.empty())
        return;
    double s = std::chrono::duration<double>(Clock::now() - phase_start_).count();
    fmt::print(stderr, "{}  {:<9} {:<58} {:6.1f}s FAILED\n", tty_ ? "\r\033[K" : "", phase_, detail_, s);
    phases_.push_back({phase_, detail_, s, true});
    phase_.clear();
}

double Progress::total_seconds() const
{
    return std::chrono::duration<double>(Clock::now() - start_).count();
}

}  // namespace kpatch::build
