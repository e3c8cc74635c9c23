// SPDX-License-Identifier: GPL-2.0
//
// signals.cc - see signals.h.  Children stay in our process group, so a
// terminal Ctrl-C reaches make directly; the forward covers a signal sent
// to kpatch-build alone.
#include "signals.h"

#include "error.h"

#include <atomic>
#include <csignal>

namespace kpatch::build::signals {
namespace {

volatile sig_atomic_t g_signal = 0;
volatile sig_atomic_t g_child = 0;

extern "C" void on_signal(int signo)
{
    if (!g_signal)
        g_signal = signo;
    pid_t child = g_child;
    // From a terminal the child got the signal already (same process
    // group); a second copy is harmless, and a signal sent to kpatch-build
    // alone must stop the child too.
    if (child > 0)
        kill(child, signo);
}

sigset_t handled_set()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

}  // namespace

void install()
{
    struct sigaction sa = {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        sigaction(s, &sa, nullptr);
}

int pending() { return g_signal; }

void checkpoint()
{
    if (g_signal)
        throw Interrupted(g_signal);
}

void set_child(pid_t pid) { g_child = pid; }

CriticalSection::CriticalSection()
{
    sigset_t set = handled_set();
    sigprocmask(SIG_BLOCK, &set, nullptr);
}

CriticalSection::~CriticalSection()
{
    sigset_t set = handled_set();
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace kpatch::build::signals
