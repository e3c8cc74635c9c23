// SPDX-License-Identifier: GPL-2.0
//
// signals.h - turn SIGINT/SIGTERM/SIGHUP into an orderly unwind.
//
// The handler only records the signal and forwards it to the running child
// (make, patch, ...).  The code polls with checkpoint() between steps and
// after each child exits, and throws Interrupted so every RAII guard (the
// source-tree restore above all) runs.  CriticalSection defers signals while
// the source tree is being restored, so a second Ctrl-C cannot cut a
// restore in half.  Nothing here calls exit() from a handler.
#pragma once

#include <sys/types.h>

namespace kpatch::build::signals {

void install();

// The first signal received, 0 if none.
int pending();

// Throws Interrupted if a signal arrived.
void checkpoint();

// The child to forward signals to while it runs (0: none).
void set_child(pid_t pid);

class CriticalSection {
public:
    CriticalSection();
    ~CriticalSection();
    CriticalSection(const CriticalSection &) = delete;
    CriticalSection &operator=(const CriticalSection &) = delete;
};

}  // namespace kpatch::build::signals
