# SPDX-License-Identifier: GPL-2.0
"""The bench's command line: select scenarios, prepare, boot, report.

Pipeline: discover and select scenarios -> resolve their modules (building
test modules) -> collect the initramfs contents -> one boot for all shared
scenarios, one per `boot: own` scenario, a new boot for whatever a dead or
hung guest left unrun -> print every check and a summary; exit 1 on any
failure, 2 on a usage or setup error of the bench itself.
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

from . import initramfs, modules, results, scenario, session, tools

HERE = pathlib.Path(__file__).resolve().parent.parent      # test/vm
REPO = HERE.parent.parent
# printk.devkmsg=on: results are /dev/kmsg records, never rate-limited.
# ignore_loglevel: every record reaches the console whatever its level, so
# a scenario that lowers the console loglevel (dmesg -n 1) silences neither
# its results nor the kernel's alarms (a WARNING is level 4).
# TCG runs the kernel 10-50x slower than hardware: the lockup and RCU-stall
# detectors get 3x their stock thresholds (soft lockup after 60 s instead of
# 20 s, RCU stall after 60 s instead of 21 s), so that slow-but-progressing
# work (e.g. ftrace patching every call site) is not reported as a lockup;
# a real one is still reported, a minute later.
KERNEL_ARGS = ("console=ttyS0 panic=-1 printk.devkmsg=on ignore_loglevel"
               " watchdog_thresh=30 rcupdate.rcu_cpu_stall_timeout=60")


_run_log = None


def say(msg):
    """Print a report line; it also goes to <work>/run.log once that is open."""
    print(msg, flush=True)
    if _run_log:
        _run_log.write(msg + "\n")
        _run_log.flush()


def guest_setting(text):
    """KPVM_NAME=VALUE for --set: a shell-safe name in the KPVM_ namespace."""
    name, eq, value = text.partition("=")
    if not eq or not re.fullmatch(r"KPVM_[A-Z0-9_]+", name) or \
            not re.fullmatch(r"[A-Za-z0-9_.,:/-]*", value):
        raise argparse.ArgumentTypeError(
            f"'{text}': expected KPVM_NAME=VALUE (letters, digits and _.,:/- in the value)")
    return name, value


def parse_args(argv):
    p = argparse.ArgumentParser(prog="run-vm", description="Run VM bench scenarios in qemu.")
    p.add_argument("patterns", nargs="*", metavar="SCENARIO",
                   help="scenario names or globs (default: all)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip the scenarios matching GLOB (repeatable)")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")
    p.add_argument("--nokaslr", action="store_true", help="boot with nokaslr")
    p.add_argument("--keep", action="store_true", help="keep the initramfs of every boot")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="show the console live and every scenario's output")
    p.add_argument("--module-dir", action="append", default=[], metavar="DIR",
                   help="search DIR recursively for NAME.ko (repeatable)")
    p.add_argument("--tool-dir", action="append", default=[], metavar="DIR",
                   help="take the static executables scenarios name in '# tools:' from DIR "
                        "(repeatable)")
    p.add_argument("--scenario-dir", action="append", default=[], metavar="DIR",
                   help="also take scenarios from DIR (repeatable)")
    p.add_argument("--work-dir", metavar="DIR",
                   default=os.environ.get("KPVM_WORK_DIR", str(REPO / "build" / "vm")),
                   help="logs, module builds, initramfs (default: %(default)s)")
    p.add_argument("--set", action="append", default=[], metavar="KPVM_NAME=VALUE",
                   type=guest_setting,
                   help="export KPVM_NAME=VALUE to the scenarios (repeatable), e.g. "
                        "KPVM_CYCLES=1000 for core-cycles")
    p.add_argument("--timeout-scale", type=float, metavar="F",
                   default=float(os.environ.get("KPVM_TIMEOUT_SCALE", "1")),
                   help="multiply every scenario's timeout by F, for slow or busy hosts "
                        "(default: $KPVM_TIMEOUT_SCALE or 1)")
    p.add_argument("--release", help="kernel release (default: scripts/kernel-release)")
    p.add_argument("--kernel", help="kernel image (default: /boot/vmlinuz-RELEASE)")
    p.add_argument("--headers", help="kbuild tree (default: /usr/src/linux-headers-RELEASE)")
    p.add_argument("--busybox", default="/bin/busybox", help="static busybox (default: %(default)s)")
    return p.parse_args(argv)


def kernel_release():
    r = subprocess.run([str(REPO / "scripts" / "kernel-release")], stdout=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise SystemExit("run-vm: error: scripts/kernel-release failed; pass --release "
                         "or --kernel and --headers")
    return r.stdout.strip()


def list_scenarios(scs):
    for s in scs:
        extra = [f"boot={s.boot}", f"timeout={s.timeout}s"]
        if s.modules:
            extra.append("modules=" + ",".join(s.modules))
        if s.tools:
            extra.append("tools=" + ",".join(s.tools))
        if s.expect:
            extra.append("expect=" + ",".join(s.expect))
        say(f"{s.name:32} {' '.join(extra)}")


def resolve_inputs(selected, outcomes, mod_resolver, tool_resolver):
    """(name -> .ko, name -> executable) for every runnable scenario's needs;
    a scenario whose inputs cannot be had fails without a boot."""
    kos, exes = {}, {}
    for s in selected:
        try:
            mine = {m: mod_resolver.resolve(m) for m in s.modules}
            tools_mine = {t: tool_resolver.resolve(t) for t in s.tools}
        except (modules.ModuleError, tools.ToolError) as e:
            outcomes[s.name].setup_error = str(e)
            continue
        kos.update(mine)
        exes.update(tools_mine)
    return kos, exes


def plans(selected, outcomes):
    runnable = [s for s in selected if not outcomes[s.name].setup_error]
    shared = [s for s in runnable if s.boot == "shared"]
    return ([shared] if shared else []) + [[s] for s in runnable if s.boot == "own"]


def print_boot(rep, outcomes, plan, verbose):
    for s in plan:
        o = outcomes[s.name]
        if o.boot != rep.number:
            continue
        for c in o.verdict():
            say(f"{s.name}/{c.name} {'PASS' if c.ok else 'FAIL'}"
                + (f" ({c.detail})" if c.detail else ""))
        if verbose or not o.passed():
            for line in o.output[-30:] if not verbose else o.output:
                say(f"  {s.name} output| {line}")
        if o.alarm_context and not o.passed():
            say(f"  {s.name}: console from the first alarm on (full log: {rep.console_log}):")
            for line in o.alarm_context:
                say(f"  console| {line}")
        if o.console_tail and not o.passed():
            say(f"  {s.name}: last console lines (full log: {rep.console_log}):")
            for line in o.console_tail:
                say(f"  console| {line}")
    for kind, line in rep.alarms:
        say(f"boot-{rep.number}/kernel-log FAIL ({kind} before any scenario: {line.strip()})")
    if rep.stopped:
        say(f"boot {rep.number}: stopped early: {rep.stopped}")
    if rep.problem:
        say(f"boot-{rep.number}/guest FAIL ({rep.problem}; log: {rep.console_log})")
        for line in rep.tail:
            say(f"  console| {line}")


def prepare(args, selected, outcomes, work, headers):
    """The initramfs contents shared by every boot; fills setup errors."""
    mods = modules.Resolver([HERE / "modules"], args.module_dir, headers, work / "modules", say)
    kos, exes = resolve_inputs(selected, outcomes, mods, tools.Resolver(args.tool_dir))
    runnable = [s for s in selected if not outcomes[s.name].setup_error]
    return initramfs.Base(args.busybox, HERE / "guest", runnable, kos, exes)


def boot_all(args, base, selected, outcomes, kernel, work):
    """Run every plan; a boot that ended early is followed by one for the
    scenarios it did not start, as long as each boot makes progress."""
    append = KERNEL_ARGS + (" nokaslr" if args.nokaslr else "")
    conf = dict(args.set)
    conf["KPVM_KASLR"] = "off" if args.nokaslr else "on"
    boots = []
    queue = plans(selected, outcomes)
    while queue:
        plan = queue.pop(0)
        n = len(boots) + 1
        initrd = work / f"boot-{n}.cpio"
        initrd.write_bytes(base.build([s.name for s in plan], dict(conf, KPVM_BOOT=n)))
        say(f"boot {n}: {len(plan)} scenario(s): {' '.join(s.name for s in plan)}")
        rep = session.Session(n, plan, outcomes, initrd, kernel, append, work,
                              args.verbose, say).run()
        boots.append(rep)
        if not args.keep:
            initrd.unlink()
        print_boot(rep, outcomes, plan, args.verbose)
        say(f"boot {n}: {rep.seconds:.1f}s, console log {rep.console_log}")
        if len(rep.remaining) == len(plan):
            for s in rep.remaining:
                outcomes[s.name].not_run = f"boot {n} failed before running it"
        elif rep.remaining:
            queue.insert(0, rep.remaining)
    return boots


def run(args):
    t0 = time.monotonic()
    release = args.release or (None if args.kernel and args.headers else kernel_release())
    kernel = pathlib.Path(args.kernel or f"/boot/vmlinuz-{release}")
    headers = pathlib.Path(args.headers or f"/usr/src/linux-headers-{release}")
    work = pathlib.Path(args.work_dir).resolve()

    scs = scenario.discover([HERE / "scenarios"] + args.scenario_dir)
    selected = scenario.exclude(scenario.select(scs, args.patterns), args.exclude)
    for s in selected:
        s.timeout = max(1, round(s.timeout * args.timeout_scale))
    if args.list:
        list_scenarios(selected)
        return 0
    if not kernel.is_file():
        how = (f"scripts/install-deps --release {release}" if release and not args.kernel
               else "scripts/install-deps")
        raise SystemExit(f"run-vm: error: kernel image {kernel} missing "
                         f"(run {how}, or pass --kernel)")
    work.mkdir(parents=True, exist_ok=True)
    for old in list(work.glob("boot-*")):
        old.unlink()
    global _run_log
    _run_log = open(work / "run.log", "w")

    outcomes = {s.name: results.Outcome(s) for s in selected}
    base = prepare(args, selected, outcomes, work, headers)
    boots = boot_all(args, base, selected, outcomes, kernel, work)
    return summarize(selected, outcomes, boots, time.monotonic() - t0)


def summarize(selected, outcomes, boots, seconds):
    for s in selected:     # those never booted: setup errors, failed boots
        o = outcomes[s.name]
        if o.setup_error or o.not_run:
            for c in o.verdict():
                say(f"{s.name}/{c.name} FAIL ({c.detail})")
    checks = [c for s in selected for c in outcomes[s.name].verdict()]
    bad_sc = [s.name for s in selected if not outcomes[s.name].passed()]
    bad_boot = [b.number for b in boots if b.problem or b.alarms]
    bad_checks = sum(not c.ok for c in checks)
    say(f"vm: {len(selected)} scenarios ({len(selected) - len(bad_sc)} passed, {len(bad_sc)} failed), "
        f"{len(checks)} checks ({len(checks) - bad_checks} passed, {bad_checks} failed), "
        f"{len(boots)} boot(s) ({sum(b.seconds for b in boots):.1f}s), {seconds:.1f}s in all"
        + (f"; failed: {' '.join(bad_sc)}" if bad_sc else "")
        + (f"; failed boots: {' '.join(map(str, bad_boot))}" if bad_boot else ""))
    return 1 if bad_sc or bad_boot else 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not shutil.which("qemu-system-x86_64"):
        raise SystemExit("run-vm: error: qemu-system-x86_64 not found (scripts/install-deps)")
    try:
        return run(args)
    except scenario.ScenarioError as e:
        say(f"run-vm: error: {e}")
        return 2
