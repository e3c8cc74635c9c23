# SPDX-License-Identifier: GPL-2.0
"""The guest's initramfs: an uncompressed cpio (newc) archive written here.

Contents: busybox-static as /bin/busybox with one symlink per applet, the
guest /init and /kpvm/lib.sh, the scenarios as /kpvm/scenarios/NAME.sh,
the modules as /modules/NAME.ko (debug info stripped: it is only size),
static tools as /usr/local/bin/NAME,
and the per-boot plan (/kpvm/plan: scenario names, one a line) and
settings (/kpvm/boot.conf, sourced by lib.sh).  It is uncompressed
because unpacking gzip under TCG costs more than loading the bytes.
Device nodes are written into the archive directly, so no root is needed.
"""
import pathlib
import stat
import subprocess
import tempfile

MODULES_DIR = "/modules"        # documented in README.md: scenarios rely on it
TOOLS_DIR = "/usr/local/bin"    # on the guest's PATH (guest/init)


class Archive:
    """A newc cpio archive built in memory; entries are added parents first."""

    def __init__(self):
        self.chunks = []
        self.ino = 0
        self.dirs = set()

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        self.ino += 1
        name_b = name.lstrip("/").encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0, len(data),
                  0, 0, rdev[0], rdev[1], len(name_b), 0]
        hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
        self.chunks += [hdr, name_b, b"\0" * (-(len(hdr) + len(name_b)) % 4),
                        data, b"\0" * (-len(data) % 4)]

    def mkdir(self, path):
        parts = pathlib.PurePosixPath(path).parts[1:]
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            if d not in self.dirs:
                self.dirs.add(d)
                self._entry(d, stat.S_IFDIR | 0o755)

    def file(self, path, data, mode=0o644):
        self.mkdir(str(pathlib.PurePosixPath(path).parent))
        self._entry(path, stat.S_IFREG | mode, data)

    def symlink(self, path, target):
        self.mkdir(str(pathlib.PurePosixPath(path).parent))
        self._entry(path, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, path, major, minor):
        self.mkdir(str(pathlib.PurePosixPath(path).parent))
        self._entry(path, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def bytes(self):
        self._entry("TRAILER!!!", 0)
        return b"".join(self.chunks)


def _applets(busybox):
    out = subprocess.run([busybox, "--list"], check=True, stdout=subprocess.PIPE, text=True).stdout
    # `busybox --list` names busybox itself: a link would replace the binary.
    return [a for a in out.split() if a != "busybox"]


def _stripped(ko):
    """NAME.ko's bytes without .debug_* sections (what INSTALL_MOD_STRIP does)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp, ko.name)
        r = subprocess.run(["objcopy", "--strip-debug", str(ko), str(out)],
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"objcopy --strip-debug {ko} failed: {r.stderr.strip()}")
        return out.read_bytes()


class Base:
    """Everything but the plan, collected once and reused for every boot."""

    def __init__(self, busybox, guest_dir, scenarios, modules, tools):
        self.busybox = pathlib.Path(busybox).read_bytes()
        self.applets = _applets(busybox)
        guest_dir = pathlib.Path(guest_dir)
        self.init = (guest_dir / "init").read_bytes()
        self.lib = (guest_dir / "lib.sh").read_bytes()
        self.scenarios = {s.name: s.path.read_bytes() for s in scenarios}
        self.modules = {name: _stripped(ko) for name, ko in sorted(modules.items())}
        self.tools = {name: pathlib.Path(p).read_bytes() for name, p in sorted(tools.items())}

    def build(self, plan, conf):
        """The archive for one boot: plan is a list of scenario names."""
        a = Archive()
        for d in ("/dev", "/proc", "/sys", "/tmp", "/root", "/etc", MODULES_DIR):
            a.mkdir(d)
        a.chardev("/dev/console", 5, 1)   # init's stdio, opened before devtmpfs exists
        a.file("/bin/busybox", self.busybox, 0o755)
        for applet in self.applets:
            a.symlink(f"/bin/{applet}", "busybox")
        for name, data in self.tools.items():
            a.file(f"{TOOLS_DIR}/{name}", data, 0o755)
        a.file("/init", self.init, 0o755)
        a.file("/kpvm/lib.sh", self.lib)
        for name, text in self.scenarios.items():
            a.file(f"/kpvm/scenarios/{name}.sh", text)
        for name, data in self.modules.items():
            a.file(f"{MODULES_DIR}/{name}.ko", data)
        a.file("/kpvm/plan", "".join(f"{n}\n" for n in plan).encode())
        a.file("/kpvm/boot.conf", "".join(f"{k}={v}\n" for k, v in conf.items()).encode())
        return a.bytes()
