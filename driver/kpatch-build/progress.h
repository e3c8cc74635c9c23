// SPDX-License-Identifier: GPL-2.0
//
// progress.h - phase-by-phase progress with elapsed times (the --json
// document's phases).  On a terminal the running phase is shown and then replaced by
// its result line; otherwise only result lines are printed (to stderr, so
// stdout stays for the report or the JSON).  Does not decide what a phase
// is: main.cc names them.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace kpatch::build {

struct PhaseRecord {
    std::string name;
    std::string detail;
    double seconds = 0;
    bool failed = false;  // the phase the build stopped in
};

class Progress {
public:
    explicit Progress(bool quiet_terminal = false);

    void begin(const std::string &phase, const std::string &detail);
    void update(const std::string &detail);  // same phase, new text
    void end(const std::string &detail);
    void end() { end(detail_); }
    // The running phase failed: close its line so the error starts clean.
    void fail();

    double total_seconds() const;
    const std::vector<PhaseRecord> &phases() const { return phases_; }
    const std::string &current() const { return phase_; }

private:
    using Clock = std::chrono::steady_clock;
    bool tty_;
    Clock::time_point start_;
    Clock::time_point phase_start_;
    std::string phase_;
    std::string detail_;
    std::vector<PhaseRecord> phases_;
};

}  // namespace kpatch::build
