# SPDX-License-Identifier: GPL-2.0
"""Unit tests of the bench's host side that need no VM: scenario headers,
the result protocol, the alarm patterns, verdict rules, the cpio writer
(read back by GNU cpio, not by our own code), the detection of a result
stream cut short (a Session fed console lines, no qemu).  The VM
self-test scenarios (bench-warn, bench-panic, bench-timeout, bench-silent)
cover the rest end to end.
Run: python3 -m unittest discover -s test/vm/selftest
"""
import pathlib
import subprocess
import sys
import tempfile
import unittest
import unittest.mock

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from kpvm import initramfs, main, results, scenario, session, tools  # noqa: E402


def write_scenario(d, name, text):
    p = pathlib.Path(d, f"{name}.sh")
    p.write_text(text)
    return p


class ScenarioHeaders(unittest.TestCase):
    def test_keys(self):
        with tempfile.TemporaryDirectory() as d:
            p = write_scenario(d, "a", "# SPDX-License-Identifier: GPL-2.0\n# Prose: ignored.\n"
                               "# load: prose too, not a key.\n"
                               "# modules: hello kpatch\n# tools: kpatch\n# boot: own\n# timeout: 7\n"
                               "# expect: kernel-warning\ncheck x true\n# modules: late\n")
            s = scenario.parse(p)
        self.assertEqual((s.name, s.modules, s.tools, s.boot, s.timeout, s.expect),
                         ("a", ["hello", "kpatch"], ["kpatch"], "own", 7, ["kernel-warning"]))

    def test_defaults(self):
        with tempfile.TemporaryDirectory() as d:
            s = scenario.parse(write_scenario(d, "b", "check x true\n"))
        self.assertEqual((s.modules, s.boot, s.timeout, s.expect),
                         ([], "shared", scenario.DEFAULT_TIMEOUT, []))

    def test_errors(self):
        for bad in ("# modlues: x\n", "# timout: 5\n", "# expects: timeout\n", "# boot: alone\n", "# timeout: 0\n", "# timeout: 1m\n",
                    "# expect: oops\n"):
            with tempfile.TemporaryDirectory() as d, self.subTest(bad=bad):
                with self.assertRaises(scenario.ScenarioError):
                    scenario.parse(write_scenario(d, "c", bad))

    def test_select(self):
        scs = [scenario.Scenario(n, None, []) for n in ("bench-a", "bench-b", "kpatch-a")]
        self.assertEqual([s.name for s in scenario.select(scs, ["bench-*"])], ["bench-a", "bench-b"])
        self.assertEqual([s.name for s in scenario.select(scs, ["kpatch-a"])], ["kpatch-a"])
        self.assertEqual(len(scenario.select(scs, [])), 3)
        with self.assertRaises(scenario.ScenarioError):
            scenario.select(scs, ["nothing*"])
        self.assertEqual([s.name for s in scenario.exclude(scs, ["bench-*"])], ["kpatch-a"])


class Protocol(unittest.TestCase):
    def test_check_with_detail(self):
        line = "[    6.4] @@kpvm check bench-hello 2 read FAIL expected 'a b', got 'c'"
        self.assertEqual(results.parse_protocol(line),
                         ("check", ["bench-hello", 2, "read", "FAIL", "expected 'a b', got 'c'"]))

    def test_check_without_detail(self):
        self.assertEqual(results.parse_protocol("@@kpvm check s 1 c PASS "),
                         ("check", ["s", 1, "c", "PASS", ""]))

    def test_garbled_and_other(self):
        self.assertEqual(results.parse_protocol("@@kpvm check s 1 c MAYBE")[0], "garbled")
        # the format before results were numbered
        self.assertEqual(results.parse_protocol("@@kpvm check s c PASS")[0], "garbled")
        self.assertIsNone(results.parse_protocol("[ 1.0] hello: loaded"))
        self.assertEqual(results.parse_protocol("[ 1.0] @@kpvm end s 3 7"),
                         ("end", ["s", "3", "7"]))

    def test_alarms(self):
        cases = {
            "[ 3.5] BUG: kernel NULL pointer dereference, address: 10": "bug",
            "[ 3.5] WARNING: CPU: 1 PID: 80 at foo.c:9 init+0x5/0x10": "warning",
            "[ 3.5] Oops: 0002 [#1] PREEMPT SMP NOPTI": "oops",
            "[ 3.5] general protection fault, probably for non-canonical address": "gpf",
            "[ 3.5] Call Trace:": "call-trace",
            "[ 3.5] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!": "bug",
            "[ 3.5] NMI watchdog: soft lockup - CPU#0 stuck": "soft-lockup",
            "[ 3.5] rcu: INFO: rcu_sched self-detected stall on CPU": "rcu-stall",
            "[ 3.5] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:": "rcu-stall",
            "[ 3.5] INFO: rcu_tasks detected stalls on tasks:": "rcu-stall",
            "[ 3.5] INFO: task sh:80 blocked for more than 120 seconds.": "hung-task",
            "[ 3.5] Kernel panic - not syncing: x": "panic",
            "[ 3.5] hello: loading out-of-tree module taints kernel.": None,
        }
        for line, kind in cases.items():
            with self.subTest(line=line):
                self.assertEqual(results.alarm(line), kind)


def outcome(expect=(), checks=((("a", True)),), alarms=(), **kw):
    sc = scenario.Scenario("s", None, [], expect=list(expect), timeout=5)
    kw.setdefault("exit_status", 0)
    kw.setdefault("sent", len(checks))
    kw.setdefault("ended", True)
    o = results.Outcome(sc, started=True, **kw)
    o.checks = [results.Check(n, ok, seq=i) for i, (n, ok) in enumerate(checks, 1)]
    o.alarms = [(k, f"line {k}") for k in alarms]
    return o


class Verdicts(unittest.TestCase):
    def test_clean(self):
        self.assertTrue(outcome().passed())

    def test_no_check_fails(self):
        self.assertFalse(outcome(checks=()).passed())

    def test_alarm_fails(self):
        self.assertFalse(outcome(alarms=["call-trace"]).passed())

    def test_expected_warning(self):
        self.assertTrue(outcome(["kernel-warning"], alarms=["warning", "call-trace"]).passed())
        self.assertFalse(outcome(["kernel-warning"]).passed())
        self.assertFalse(outcome(["kernel-warning"], alarms=["warning", "bug"]).passed())

    def test_expected_timeout(self):
        self.assertTrue(outcome(["timeout"], timed_out=True).passed())
        self.assertFalse(outcome(["timeout"]).passed())
        self.assertFalse(outcome(timed_out=True).passed())

    def test_expected_panic(self):
        o = outcome(["kernel-panic"], checks=(), alarms=["panic", "call-trace"], crashed=True)
        self.assertTrue(o.passed())
        self.assertFalse(outcome(crashed=True).passed())

    def test_exit_status(self):
        self.assertFalse(outcome(exit_status=127).passed())
        o = outcome(checks=(("a", False),), exit_status=1)
        self.assertEqual([c.name for c in o.verdict() if not c.ok], ["a"])

    def test_fatal_alarm(self):
        self.assertTrue(outcome(alarms=["oops"]).fatal_alarm())
        self.assertTrue(outcome(alarms=["hung-task"]).fatal_alarm())
        self.assertFalse(outcome(alarms=["warning"]).fatal_alarm())
        self.assertFalse(outcome(["kernel-panic"], alarms=["panic"]).fatal_alarm())


class LostResults(unittest.TestCase):
    """A result stream cut short never passes, and says where it was cut."""

    def failures(self, o):
        return {c.name: c.detail for c in o.verdict() if not c.ok}

    def test_fewer_results_than_sent(self):
        o = outcome(checks=(("a", True), ("b", True)), sent=7)
        self.assertEqual(self.failures(o), {"results": "the scenario sent 7 result(s), the host "
                                            "received 2: results lost after check b"})

    def test_gap_named(self):
        o = outcome(checks=(("a", True), ("b", True), ("c", True)), sent=4)
        o.checks[2].seq = 4          # results 3 lost, 4 arrived
        self.assertIn("results lost after check b", self.failures(o)["results"])

    def test_nothing_arrived(self):
        o = outcome(checks=(), sent=2)
        self.assertIn("after its begin (no result arrived)", self.failures(o)["results"])

    def test_more_than_sent(self):
        self.assertFalse(outcome(checks=(("a", True), ("b", True)), sent=1).passed())

    def test_end_without_count(self):
        self.assertFalse(outcome(sent=None).passed())

    def test_no_end_marker(self):
        o = outcome(checks=(("a", True), ("b", True)), ended=False)
        self.assertEqual(self.failures(o), {"results": "scenario ended without reporting its "
                                            "end: results lost after check b"})

    def test_timeout_and_crash_say_so_instead(self):
        for kw in ({"timed_out": True}, {"crashed": True}):
            with self.subTest(**kw):
                self.assertNotIn("results", self.failures(outcome(ended=False, **kw)))

    def test_expected_loss(self):
        self.assertTrue(outcome(["results-lost"], sent=3).passed())
        o = outcome(["results-lost"])
        self.assertEqual(list(self.failures(o)), ["expect-results-lost"])


class StreamInSession(unittest.TestCase):
    """Console lines fed to a Session: a missing end marker is caught
    whether the guest then began the next scenario, reported done or
    powered off."""

    def feed(self, lines, eof=True):
        plan = [scenario.Scenario(n, None, []) for n in ("one", "two")]
        outcomes = {s.name: results.Outcome(s) for s in plan}
        with tempfile.TemporaryDirectory() as d:
            w = pathlib.Path(d)
            se = session.Session(1, plan, outcomes, w / "i", w / "k", "", w, False, print)
            for line in lines:
                se._line(line)
            if eof:
                se._eof()
        return outcomes, se.report

    def test_whole_stream_passes(self):
        o, rep = self.feed(["@@kpvm boot r", "@@kpvm begin one", "@@kpvm check one 1 a PASS",
                            "@@kpvm end one 0 1", "@@kpvm done"])
        self.assertTrue(o["one"].passed())
        self.assertIsNone(rep.problem)

    def test_results_lost_before_end(self):
        o, _ = self.feed(["@@kpvm boot r", "@@kpvm begin one", "@@kpvm check one 1 a PASS",
                          "@@kpvm end one 0 6", "@@kpvm done"])
        self.assertFalse(o["one"].passed())

    def test_end_lost_next_begins(self):
        o, _ = self.feed(["@@kpvm boot r", "@@kpvm begin one", "@@kpvm check one 1 a PASS",
                          "@@kpvm begin two", "@@kpvm check two 1 b PASS", "@@kpvm end two 0 1",
                          "@@kpvm done"])
        self.assertIn("scenario ended without reporting its end: results lost after check a",
                      {c.detail for c in o["one"].verdict()})
        self.assertTrue(o["two"].passed())

    def test_end_lost_then_poweroff(self):
        o, rep = self.feed(["@@kpvm boot r", "@@kpvm begin one", "@@kpvm check one 1 a PASS",
                            "[ 8.5] reboot: Power down"])
        self.assertFalse(o["one"].crashed)
        self.assertIn("ended without reporting its end", o["one"].verdict()[-1].detail)
        self.assertFalse(o["two"].started)     # left for a new boot
        self.assertIsNone(rep.problem)         # the scenario takes the blame

    def test_dead_guest_is_a_crash(self):
        o, _ = self.feed(["@@kpvm boot r", "@@kpvm begin one", "@@kpvm check one 1 a PASS"])
        self.assertEqual([c.name for c in o["one"].verdict() if not c.ok], ["crash"])


class Tools(unittest.TestCase):
    def test_static_and_dynamic(self):
        self.assertIsNone(tools.interpreter("/bin/busybox"))          # busybox-static
        self.assertIn("ld-linux", tools.interpreter(sys.executable))  # any dynamic ELF

    def test_resolve(self):
        with tempfile.TemporaryDirectory() as d:
            pathlib.Path(d, "static").write_bytes(pathlib.Path("/bin/busybox").read_bytes())
            pathlib.Path(d, "dynamic").write_bytes(pathlib.Path(sys.executable).read_bytes())
            pathlib.Path(d, "text").write_text("#!/bin/sh\n")
            r = tools.Resolver([d])
            self.assertEqual(r.resolve("static"), pathlib.Path(d, "static"))
            for bad in ("dynamic", "text", "absent"):
                with self.subTest(bad=bad), self.assertRaises(tools.ToolError):
                    r.resolve(bad)


class Cpio(unittest.TestCase):
    def test_gnu_cpio_reads_it(self):
        a = initramfs.Archive()
        a.chardev("/dev/console", 5, 1)
        a.file("/bin/busybox", b"\x7fELF" + b"x" * 5, 0o755)
        a.symlink("/bin/sh", "busybox")
        a.file("/kpvm/plan", b"one\ntwo\n")
        listing = subprocess.run(["cpio", "-itv", "--quiet"], input=a.bytes(), check=True,
                                 stdout=subprocess.PIPE).stdout.decode()
        entries = {line.split()[-1] if "->" not in line else line.split()[-3]: line
                   for line in listing.splitlines()}
        self.assertEqual(sorted(entries), ["bin", "bin/busybox", "bin/sh", "dev", "dev/console",
                                           "kpvm", "kpvm/plan"])
        self.assertTrue(entries["dev/console"].startswith("crw-------"))
        self.assertIn("5,", entries["dev/console"])
        self.assertTrue(entries["bin/busybox"].startswith("-rwxr-xr-x"))
        self.assertIn(" 9 ", entries["bin/busybox"])
        self.assertIn("bin/sh -> busybox", entries["bin/sh"])
        self.assertTrue(entries["bin"].startswith("d"))
        with tempfile.TemporaryDirectory() as d:
            subprocess.run(["cpio", "-id", "--quiet", "kpvm/plan"], input=a.bytes(), cwd=d,
                           check=True)
            self.assertEqual(pathlib.Path(d, "kpvm/plan").read_bytes(), b"one\ntwo\n")


class GuestSettings(unittest.TestCase):
    def test_set(self):
        args = main.parse_args(["--set", "KPVM_CYCLES=1000", "--set", "KPVM_X=a,b"])
        self.assertEqual(dict(args.set), {"KPVM_CYCLES": "1000", "KPVM_X": "a,b"})

    def test_refused(self):
        for bad in ["CYCLES=1", "KPVM_CYCLES", "KPVM_lower=1", "KPVM_X=a b", "KPVM_X=$(reboot)"]:
            with self.assertRaises(SystemExit, msg=bad), \
                    unittest.mock.patch("sys.stderr"):
                main.parse_args(["--set", bad])


if __name__ == "__main__":
    unittest.main()
