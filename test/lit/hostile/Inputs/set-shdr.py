#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# set-shdr.py IN OUT SECTION FIELD VALUE - copy the ELF64 object IN to OUT
# with one field of SECTION's header replaced: FIELD is one of addralign,
# entsize, size, offset; VALUE an integer (0x... allowed).  The one-byte
# corruptions a careless tool or a hostile user could make.
import struct
import sys

src, dst, name, field, value = sys.argv[1:6]
value = int(value, 0)
data = bytearray(open(src, "rb").read())
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
def shdr(i):
    return shoff + i * shentsize
strtab_off, = struct.unpack_from("<Q", data, shdr(shstrndx) + 0x18)
fields = {"offset": 0x18, "size": 0x20, "addralign": 0x30, "entsize": 0x38}
for i in range(shnum):
    name_off, = struct.unpack_from("<I", data, shdr(i))
    end = data.index(b"\0", strtab_off + name_off)
    if data[strtab_off + name_off:end].decode() == name:
        struct.pack_into("<Q", data, shdr(i) + fields[field], value)
        open(dst, "wb").write(data)
        sys.exit(0)
sys.exit("set-shdr.py: no section %s in %s" % (name, src))
