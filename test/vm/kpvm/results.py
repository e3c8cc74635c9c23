# SPDX-License-Identifier: GPL-2.0
"""Console lines -> results: the guest's protocol and the kernel's alarms.

The guest reports with kernel log records (see guest/lib.sh):
    @@kpvm boot <release>
    @@kpvm begin <scenario>
    @@kpvm check <scenario> <seq> <check> PASS|FAIL [detail]
    @@kpvm log <scenario> <text>
    @@kpvm end <scenario> <exit status> <results sent>
    @@kpvm done
(seq numbers a scenario's results from 1; the end marker says how many it
sent.)  Any other console line is the kernel's; it is scanned for the
alarms the bench must never let pass (BUG:, WARNING:, Oops, ...).  A
scenario's verdict combines its checks, whether its result stream arrived
whole (an explicit end, every result it sent), its exit status, the alarms
seen while it ran and what it declared it expects; this module decides
that verdict and nothing else (no I/O).
"""
import dataclasses
import re

PROTOCOL_RE = re.compile(r"@@kpvm (boot|begin|check|log|end|done)\b ?(.*)$")

# kind -> pattern, searched anywhere in a console line.
ALARMS = [
    ("bug", re.compile(r"BUG:")),
    ("warning", re.compile(r"WARNING:")),
    ("oops", re.compile(r"Oops")),
    ("gpf", re.compile(r"general protection")),
    ("call-trace", re.compile(r"Call Trace")),
    ("soft-lockup", re.compile(r"soft lockup")),
    ("rcu-stall", re.compile(r"rcu_\w+ (self-detected stall|detected stalls)")),
    ("hung-task", re.compile(r"blocked for more than \d+ seconds")),
    ("panic", re.compile(r"Kernel panic")),
]
# Alarms after which the kernel is not trusted for the next scenario (and
# the scenario that raised one gets a short grace, not its whole timeout).
FATAL = {"bug", "oops", "gpf", "panic", "soft-lockup", "rcu-stall", "hung-task"}
# expect: value -> (alarm kinds that must appear, kinds that may appear)
EXPECTED_ALARMS = {
    "kernel-warning": ({"warning"}, {"warning", "call-trace"}),
    "kernel-panic": ({"panic"}, {"panic", "call-trace"}),
}
# The kernel's last word on an orderly poweroff (printed at KERN_EMERG):
# a scenario running then ended without its end marker; it did not crash.
POWER_OFF_RE = re.compile(r"reboot: Power down")


def parse_protocol(line):
    """(verb, fields) for a protocol line, else None."""
    m = PROTOCOL_RE.search(line)
    if not m:
        return None
    verb, rest = m.group(1), m.group(2)
    if verb == "check":
        f = rest.split(" ", 4)
        if len(f) < 4 or not f[1].isdigit() or f[3] not in ("PASS", "FAIL"):
            return ("garbled", [line])
        return (verb, [f[0], int(f[1]), f[2], f[3], f[4] if len(f) > 4 else ""])
    if verb == "log":
        return (verb, rest.split(" ", 1))
    return (verb, rest.split())


def alarm(line):
    """The alarm kind a kernel console line raises, or None."""
    for kind, rx in ALARMS:
        if rx.search(line):
            return kind
    return None


@dataclasses.dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    seq: int = 0         # its number in the guest's result stream (0: the host's)


@dataclasses.dataclass
class Outcome:
    """What happened to one scenario; verdict() turns it into checks."""
    scenario: object
    boot: int = 0
    started: bool = False
    ended: bool = False
    exit_status: int = None
    sent: int = None            # results the guest says it sent (end marker)
    checks: list = dataclasses.field(default_factory=list)
    alarms: list = dataclasses.field(default_factory=list)   # (kind, line)
    alarm_context: list = dataclasses.field(default_factory=list)   # console from 1st alarm
    timed_out: bool = False
    cut_short: bool = False     # killed soon after a fatal alarm, before its timeout
    crashed: bool = False       # the boot ended while it ran
    setup_error: str = None     # could not even be run
    not_run: str = None         # the boot never reached it
    console_tail: list = dataclasses.field(default_factory=list)
    output: list = dataclasses.field(default_factory=list)   # its ttyS1 lines
    seconds: float = 0.0

    def fatal_alarm(self):
        allowed = set()
        for e in self.scenario.expect:
            allowed |= EXPECTED_ALARMS.get(e, (set(), set()))[1]
        return any(k in FATAL and k not in allowed for k, _ in self.alarms)

    def verdict(self):
        """All checks, the guest's and the host's own, as a list of Check."""
        if self.setup_error:
            return [Check("setup", False, self.setup_error)]
        if self.not_run:
            return [Check("run", False, self.not_run)]
        out = list(self.checks)
        expect = self.scenario.expect
        kinds = {k for k, _ in self.alarms}
        allowed = set()
        for e in expect:
            need, may = EXPECTED_ALARMS.get(e, (set(), set()))
            allowed |= may
            if e == "timeout":
                out.append(Check("expect-timeout", self.timed_out,
                                 "killed at the timeout" if self.timed_out
                                 else "finished, but a timeout was expected"))
            elif e in EXPECTED_ALARMS:
                seen = need & kinds
                out.append(Check(f"expect-{e}", bool(seen),
                                 f"detected: {', '.join(sorted(seen))}" if seen
                                 else f"no {e} seen on the console: the detector missed it"))
        out += self._stream_checks("results-lost" in expect)
        unexpected = [(k, line) for k, line in self.alarms if k not in allowed]
        if unexpected:
            kinds = ", ".join(sorted({k for k, _ in unexpected}))
            out.append(Check("kernel-log", False, f"{len(unexpected)} alarm line(s) ({kinds}), "
                             f"first: {unexpected[0][1].strip()}"))
        if self.timed_out and "timeout" not in expect:
            out.append(Check("timeout", False,
                             "unfinished a minute after a fatal kernel alarm; guest killed"
                             if self.cut_short else
                             f"unfinished after its {self.scenario.timeout}s timeout; guest killed"))
        if self.crashed and "kernel-panic" not in expect:
            out.append(Check("crash", False, "the guest died while the scenario ran"))
        # A non-zero exit after a failed check is that check's failure
        # (`check ... || exit 1`); otherwise it is a broken scenario.
        if self.ended and self.exit_status != 0 and all(c.ok for c in self.checks):
            out.append(Check("exit", False, f"scenario shell exited {self.exit_status}"))
        if not out:
            out.append(Check("checks", False, "the scenario reported no check"))
        return out

    def lost(self):
        """Why the result stream is incomplete, or None if it arrived whole.
        A scenario killed (timeout) or dead with the guest is reported as
        such, not here."""
        if not self.started or self.timed_out or self.crashed:
            return None
        if not self.ended:
            return ("scenario ended without reporting its end: "
                    f"results lost after {self._last_before_gap()}")
        if self.sent is None:
            return "the end marker did not say how many results the scenario sent"
        got = len(self.checks)
        if got < self.sent:
            return (f"the scenario sent {self.sent} result(s), the host received {got}: "
                    f"results lost after {self._last_before_gap()}")
        if got > self.sent:
            return f"the host received {got} results, more than the {self.sent} the scenario sent"
        return None

    def _last_before_gap(self):
        """'check X', the last result received before the first missing one."""
        seqs = {c.seq for c in self.checks}
        gap = next(n for n in range(1, len(seqs) + 2) if n not in seqs)
        before = [c for c in self.checks if c.seq == gap - 1]
        return f"check {before[-1].name}" if before else "its begin (no result arrived)"

    def _stream_checks(self, expected_loss):
        why = self.lost()
        if expected_loss:
            return [Check("expect-results-lost", why is not None,
                          f"detected: {why}" if why else
                          "every result arrived, but a loss was expected: the detector missed it")]
        return [Check("results", False, why)] if why else []

    def passed(self):
        return all(c.ok for c in self.verdict())
