# SPDX-License-Identifier: GPL-2.0
"""Scenario files: discovery, header parsing, selection by name or glob.

A scenario is test/vm/scenarios/NAME.sh, shell run inside the guest.  Its
header is the leading block of comment lines; those of the form
`# key: value` with a known key are read here.  Other comment lines are
prose, except that a key close to a known one (`# modlues:`) is an error,
so a typo does not silently change what a scenario means.  This module knows nothing of
booting or of results.
"""
import dataclasses
import difflib
import fnmatch
import pathlib
import re

DEFAULT_TIMEOUT = 60
BOOT_KINDS = ("shared", "own")
# What a self-test scenario may expect instead of a clean run.
EXPECTATIONS = ("kernel-warning", "kernel-panic", "timeout", "results-lost")
KEYS = ("modules", "tools", "boot", "timeout", "expect")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
HEADER_RE = re.compile(r"^#\s*([a-z-]+):\s*(.*?)\s*$")


class ScenarioError(Exception):
    pass


@dataclasses.dataclass
class Scenario:
    name: str
    path: pathlib.Path
    modules: list
    tools: list = dataclasses.field(default_factory=list)
    boot: str = "shared"
    timeout: int = DEFAULT_TIMEOUT
    expect: list = dataclasses.field(default_factory=list)


def _apply(sc, key, value, where):
    if key == "modules":
        sc.modules += value.split()
    elif key == "tools":
        sc.tools += value.split()
    elif key == "boot":
        if value not in BOOT_KINDS:
            raise ScenarioError(f"{where}: boot: '{value}' is not one of {', '.join(BOOT_KINDS)}")
        sc.boot = value
    elif key == "timeout":
        if not value.isdigit() or int(value) == 0:
            raise ScenarioError(f"{where}: timeout: '{value}' is not a positive number of seconds")
        sc.timeout = int(value)
    elif key == "expect":
        for e in value.split():
            if e not in EXPECTATIONS:
                raise ScenarioError(f"{where}: expect: '{e}' is not one of {', '.join(EXPECTATIONS)}")
            sc.expect.append(e)
    else:
        raise ScenarioError(f"{where}: unknown header key '{key}' "
                            f"(known: {', '.join(KEYS)})")


def parse(path):
    path = pathlib.Path(path)
    name = path.name[:-len(".sh")]
    if not NAME_RE.match(name):
        raise ScenarioError(f"{path}: scenario name '{name}' must match {NAME_RE.pattern}")
    sc = Scenario(name=name, path=path, modules=[])
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        if not line.startswith("#"):
            break
        m = HEADER_RE.match(line)
        if m and (m.group(1) in KEYS or difflib.get_close_matches(m.group(1), KEYS, 1, 0.75)):
            _apply(sc, m.group(1), m.group(2), f"{path}:{lineno}")
    return sc


def discover(dirs):
    """All scenarios of the given directories, sorted by name."""
    found = {}
    for d in dirs:
        for path in sorted(pathlib.Path(d).glob("*.sh")):
            sc = parse(path)
            if sc.name in found:
                raise ScenarioError(f"{path}: scenario '{sc.name}' also in {found[sc.name].path}")
            found[sc.name] = sc
    return [found[n] for n in sorted(found)]


def select(scenarios, patterns):
    """Scenarios whose name matches any pattern (exact or glob); all if none."""
    if not patterns:
        return list(scenarios)
    unmatched = [p for p in patterns if not any(fnmatch.fnmatchcase(s.name, p) for s in scenarios)]
    if unmatched:
        raise ScenarioError(f"no scenario matches {', '.join(unmatched)} (see --list)")
    return [s for s in scenarios if any(fnmatch.fnmatchcase(s.name, p) for p in patterns)]


def exclude(scenarios, patterns):
    """Scenarios whose name matches none of the globs."""
    return [s for s in scenarios if not any(fnmatch.fnmatchcase(s.name, p) for p in patterns)]
