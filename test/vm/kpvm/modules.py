# SPDX-License-Identifier: GPL-2.0
"""Kernel modules for the guest: test modules built here, others found.

A test module is a kbuild source directory test/vm/modules/NAME/ that
builds NAME.ko.  It is copied into the work directory and built there with
`make -C <headers> M=<copy>`; the copy's name carries a hash of the sources
and of the kernel headers, so an unchanged module is never rebuilt.
Modules built elsewhere (kpatch.ko, generated patch modules) come from
--module-dir directories, searched recursively for *.ko.

This module does not decide which scenarios run; it resolves names to
files or explains why it cannot.
"""
import hashlib
import os
import pathlib
import shutil
import subprocess


KBUILD_TIMEOUT = 600      # one small module takes ~3 s; never wait forever


class ModuleError(Exception):
    pass


def _tree_hash(h, root):
    for path in sorted(p for p in pathlib.Path(root).rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0")
        h.update(path.read_bytes())


def _headers_hash(h, headers):
    """The headers identify the target: their path, release and symbol CRCs."""
    h.update(str(pathlib.Path(headers).resolve()).encode() + b"\0")
    for rel in ("include/config/kernel.release", "Module.symvers", ".config"):
        p = pathlib.Path(headers, rel)
        if p.is_file():
            h.update(p.read_bytes())


def _kbuild_env():
    # A make above us (make check-vm) must not hand its jobserver to kbuild.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["LC_ALL"] = "C"
    return env


class Resolver:
    """Maps module names to .ko files, building test modules on demand."""

    def __init__(self, source_dirs, module_dirs, headers, cache_dir, log):
        self.source_dirs = [pathlib.Path(d) for d in source_dirs]
        self.module_dirs = [pathlib.Path(d) for d in module_dirs]
        self.headers = pathlib.Path(headers)
        self.cache_dir = pathlib.Path(cache_dir)
        self.log = log
        self._found = None
        self._resolved = {}

    def _prebuilt(self):
        """name -> [paths] of every *.ko under the --module-dir directories."""
        if self._found is None:
            self._found = {}
            for d in self.module_dirs:
                if not d.is_dir():
                    self.log(f"note: module dir {d} does not exist (not built yet?)")
                    continue
                for ko in sorted(d.rglob("*.ko")):
                    self._found.setdefault(ko.name[:-3], []).append(ko)
        return self._found

    def _source(self, name):
        hits = [d / name for d in self.source_dirs if (d / name).is_dir()]
        return hits[0] if hits else None

    def resolve(self, name):
        """Path of NAME.ko; raises ModuleError naming what to do."""
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name):
        src = self._source(name)
        prebuilt = self._prebuilt().get(name, [])
        if src and prebuilt:
            raise ModuleError(f"module '{name}': both a test module source ({src}) and "
                              f"a built {prebuilt[0]} exist; rename one")
        if src:
            return self._build(name, src)
        if len(prebuilt) > 1:
            raise ModuleError(f"module '{name}': several {name}.ko under the module dirs: "
                              + ", ".join(map(str, prebuilt)))
        if prebuilt:
            return prebuilt[0]
        where = ", ".join(map(str, self.source_dirs + self.module_dirs))
        raise ModuleError(f"module '{name}' not found: no {name}/ test module source and no "
                          f"{name}.ko under {where}; build it or pass --module-dir")

    def _build(self, name, src):
        if not (self.headers / "Makefile").is_file():
            raise ModuleError(f"module '{name}': kernel headers {self.headers} missing "
                              "(run scripts/install-deps or pass --headers)")
        h = hashlib.sha256()
        _tree_hash(h, src)
        _headers_hash(h, self.headers)
        out = self.cache_dir / f"{name}-{h.hexdigest()[:16]}"
        ko = out / f"{name}.ko"
        if ko.is_file():
            return ko
        tmp = out.with_name(out.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(src, tmp)
        self.log(f"building module {name} ({src})")
        try:
            r = subprocess.run(["make", "-C", str(self.headers), f"M={tmp}", "modules"],
                               env=_kbuild_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=KBUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ModuleError(f"module '{name}': kbuild of {src} still running after "
                              f"{KBUILD_TIMEOUT}s; killed") from None
        if r.returncode != 0 or not (tmp / f"{name}.ko").is_file():
            raise ModuleError(f"module '{name}': kbuild of {src} failed "
                              f"(exit {r.returncode}; a module dir NAME/ must build NAME.ko):\n"
                              + r.stdout[-3000:])
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
        for stale in self.cache_dir.glob(f"{name}-*"):   # builds of older sources
            if stale != out and stale.name[len(name) + 1:].isalnum():
                shutil.rmtree(stale, ignore_errors=True)
        return ko
