# SPDX-License-Identifier: GPL-2.0
"""Unit tests of the bench's host side that need no VM: scenario headers,
the result protocol, the alarm patterns, verdict rules, the cpio writer
(read back by GNU cpio, not by our own code).  The VM self-test scenarios
(bench-warn, bench-panic, bench-timeout) cover the rest end to end.
Run: python3 -m unittest discover -s test/vm/selftest
"""
import pathlib
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from kpvm import initramfs, results, scenario, tools  # noqa: E402


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
        line = "[    6.4] @@kpvm check bench-hello read FAIL expected 'a b', got 'c'"
        self.assertEqual(results.parse_protocol(line),
                         ("check", ["bench-hello", "read", "FAIL", "expected 'a b', got 'c'"]))

    def test_check_without_detail(self):
        self.assertEqual(results.parse_protocol("@@kpvm check s c PASS "),
                         ("check", ["s", "c", "PASS", ""]))

    def test_garbled_and_other(self):
        self.assertEqual(results.parse_protocol("@@kpvm check s c MAYBE")[0], "garbled")
        self.assertIsNone(results.parse_protocol("[ 1.0] hello: loaded"))
        self.assertEqual(results.parse_protocol("[ 1.0] @@kpvm end s 3"), ("end", ["s", "3"]))

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
    o = results.Outcome(sc, started=True, ended=True, **kw)
    o.checks = [results.Check(n, ok) for n, ok in checks]
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


if __name__ == "__main__":
    unittest.main()
