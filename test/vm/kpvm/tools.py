# SPDX-License-Identifier: GPL-2.0
"""User-space tools for the guest (e.g. the static `kpatch` binary).

A scenario's `# tools:` line names executables; each is looked up as
DIR/NAME in the --tool-dir directories (not recursively) and must be
statically linked: the guest has busybox and no C library.  In the guest
they are /usr/local/bin/NAME, on PATH.  This module only finds and vets
them.
"""
import pathlib
import struct

GUEST_DIR = "/usr/local/bin"
PT_INTERP = 3


class ToolError(Exception):
    pass


def interpreter(path):
    """The ELF's PT_INTERP (dynamic loader) or None; ToolError if not ELF64."""
    data = pathlib.Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ToolError(f"{path}: not a little-endian ELF64 executable")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        off = phoff + i * phentsize
        p_type, = struct.unpack_from("<I", data, off)
        if p_type == PT_INTERP:
            o, = struct.unpack_from("<Q", data, off + 8)
            size, = struct.unpack_from("<Q", data, off + 32)
            return data[o:o + size].rstrip(b"\0").decode()
    return None


class Resolver:
    def __init__(self, tool_dirs):
        self.tool_dirs = [pathlib.Path(d) for d in tool_dirs]

    def resolve(self, name):
        hits = [d / name for d in self.tool_dirs if (d / name).is_file()]
        if not hits:
            where = ", ".join(map(str, self.tool_dirs)) or "(no --tool-dir given)"
            raise ToolError(f"tool '{name}' not found in {where}; build it or pass --tool-dir")
        path = hits[0]
        interp = interpreter(path)
        if interp:
            raise ToolError(f"tool '{name}' ({path}) is dynamically linked ({interp}); "
                            "the guest has no C library: link it with -static")
        return path
