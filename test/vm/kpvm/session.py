# SPDX-License-Identifier: GPL-2.0
"""One boot running a plan of scenarios, turned into Outcomes.

Follows the guest's markers on the console to know which scenario runs,
gives it its own timeout, attributes every kernel alarm to the scenario
running at the time (or to the boot before the first one), and stops the
boot early when the guest hangs, dies, or a scenario left the kernel in a
state the next one must not inherit (an Oops, a BUG, ...).  Returns the
scenarios of the plan that never started, for the caller to run in a new
boot.  It does not print verdicts.
"""
import collections
import dataclasses
import pathlib
import re
import time

from . import qemu, results

BOOT_TIMEOUT = 240     # TCG boot to /init is ~10 s; leave room for a busy host
GAP_TIMEOUT = 30       # init between two scenarios
POWEROFF_TIMEOUT = 30
TAIL_LINES = 40
# After an unexpected fatal alarm (Oops, lockup, ...) the scenario has
# failed already: give it this long to finish, not its whole timeout.
FATAL_GRACE = 60
CONTEXT_LINES = 40


@dataclasses.dataclass
class BootReport:
    number: int
    seconds: float = 0.0
    booted: bool = False
    problem: str = None          # boot-level failure (no scenario to blame)
    stopped: str = None          # why the boot was ended early on purpose
    alarms: list = dataclasses.field(default_factory=list)   # before any scenario
    tail: list = dataclasses.field(default_factory=list)
    remaining: list = dataclasses.field(default_factory=list)
    console_log: pathlib.Path = None
    output_log: pathlib.Path = None


class Session:
    def __init__(self, number, plan, outcomes, initrd, kernel, append, work, verbose, say):
        self.plan = plan
        self.outcomes = outcomes
        self.by_name = {s.name: s for s in plan}
        self.report = BootReport(number, console_log=work / f"boot-{number}.console.log",
                                 output_log=work / f"boot-{number}.output.log")
        self.argv = qemu.command(kernel, initrd, append, self.report.output_log)
        self.verbose = verbose
        self.say = say
        self.tail = collections.deque(maxlen=TAIL_LINES)
        self.current = None      # Outcome of the scenario running now
        self.last = None         # Outcome of the last scenario begun
        self.boot_started = self.idle_since = self.started_at = self.done_at = 0.0
        self.context_left = 0
        self.fatal_at = None     # when the running scenario raised a fatal alarm
        self.done = False
        self.powered_off = False  # the kernel said "Power down": no crash
        self.stop = None         # reason to end the boot early

    def deadline(self):
        if not self.report.booted:
            return self.boot_started + BOOT_TIMEOUT
        if self.current:
            end = self.started_at + self.current.scenario.timeout
            if self.fatal_at is not None:
                end = min(end, self.fatal_at + FATAL_GRACE)
            return end
        if self.done:
            return self.done_at + POWEROFF_TIMEOUT
        return self.idle_since + GAP_TIMEOUT

    def run(self):
        guest = qemu.Guest(self.argv, self.report.console_log)
        self.boot_started = self.idle_since = time.monotonic()
        try:
            while self.stop is None:
                try:
                    line = guest.readline(self.deadline())
                except qemu.Timeout:
                    self._timeout()
                    break
                if line is None:
                    self._eof()
                    break
                self._line(line)
        finally:
            # qemu exits by itself after poweroff or a panic (EOF seen);
            # in every other case (timeout, early stop, error) kill it.
            if not guest.eof:
                guest.kill()
            guest.close(POWEROFF_TIMEOUT)
        self.report.seconds = guest.elapsed()
        self.report.remaining = [s for s in self.plan if not self.outcomes[s.name].started]
        self._collect_output()
        return self.report

    def _line(self, line):
        self.tail.append(line)
        if self.verbose:
            self.say(f"console| {line}")
        proto = results.parse_protocol(line)
        if proto:
            self._protocol(*proto)
            return
        if results.POWER_OFF_RE.search(line):
            self.powered_off = True
        kind = results.alarm(line)
        if kind:
            (self.last.alarms if self.last else self.report.alarms).append((kind, line))
            if self.current and self.fatal_at is None and self.current.fatal_alarm():
                self.fatal_at = time.monotonic()
        self._context(line, kind)

    def _context(self, line, kind):
        """Keep the console lines from the first alarm of a scenario on:
        the report shows them (RIP, trace) without opening the log."""
        o = self.last
        if o is None:
            return
        if kind and not o.alarm_context:
            self.context_left = CONTEXT_LINES
        if self.context_left > 0:
            o.alarm_context.append(line)
            self.context_left -= 1

    def _protocol(self, verb, f):
        now = time.monotonic()
        if verb == "boot":
            self.report.booted = True
            self.idle_since = now
        elif verb == "begin" and f and f[0] in self.by_name:
            self._unended(now)
            o = self.outcomes[f[0]]
            o.started, o.boot = True, self.report.number
            self.current = self.last = o
            self.context_left = 0
            self.fatal_at = None
            self.started_at = now
        elif verb == "check" and f[0] in self.by_name:
            self.outcomes[f[0]].checks.append(
                results.Check(f[2], f[3] == "PASS", f[4].strip(), seq=f[1]))
        elif verb == "end" and self.current and f and f[0] == self.current.scenario.name:
            o = self.current
            o.ended = True
            o.exit_status = int(f[1]) if len(f) > 1 and f[1].isdigit() else -1
            o.sent = int(f[2]) if len(f) > 2 and f[2].isdigit() else None
            o.seconds = now - self.started_at
            self.current, self.idle_since = None, now
            if o.fatal_alarm() and any(not self.outcomes[s.name].started for s in self.plan):
                self.stop = self.report.stopped = (
                    f"kernel alarm in {o.scenario.name}: the rest of the plan gets a fresh kernel")
        elif verb == "done":
            self._unended(now)
            self.done, self.done_at = True, now
        elif verb == "garbled":
            self.say(f"warning: garbled result line: {f[0]}")

    def _unended(self, now):
        """The guest moved on while a scenario's end marker is missing: the
        scenario stays unended (its verdict says results were lost) and
        no longer owns the clock."""
        if self.current:
            self.current.seconds = now - self.started_at
            self.current, self.idle_since = None, now

    def _timeout(self):
        self.stop = "timeout"
        if self.current:
            self.current.timed_out = True
            self.current.cut_short = self.fatal_at is not None
            self.current.seconds = time.monotonic() - self.started_at
            self.current.console_tail = list(self.tail)
        elif not self.report.booted:
            self.report.problem = f"guest did not reach /init within {BOOT_TIMEOUT}s"
        elif not self.done:
            self.report.problem = f"guest idle for {GAP_TIMEOUT}s between scenarios"
        else:
            self.stop = None     # poweroff hung: all results are in; just kill
        self.report.tail = list(self.tail)

    def _eof(self):
        if self.done:
            return
        self.report.tail = list(self.tail)
        if self.current and self.powered_off:
            self._unended(time.monotonic())     # orderly poweroff, end marker lost
        elif self.current:
            self.current.crashed = True
            self.current.seconds = time.monotonic() - self.started_at
            self.current.console_tail = list(self.tail)
        elif not self.report.booted:
            self.report.problem = "guest died before reaching /init"
        elif self.powered_off:
            self.report.problem = "guest powered off without reporting the end of its plan"
        else:
            self.report.problem = "guest died between scenarios"

    def _collect_output(self):
        """Split the ttyS1 log into the scenarios' outputs by their banners."""
        try:
            text = self.report.output_log.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            return
        target = None
        for line in text.splitlines():
            line = line.rstrip("\r")
            m = re.match(r"=== kpvm scenario (\S+)$", line)
            if m:
                target = self.outcomes.get(m.group(1)) if m.group(1) in self.by_name else None
            elif target is not None:
                target.output.append(line)
