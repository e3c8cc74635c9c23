#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# set-sym.py IN OUT SYMBOL FIELD VALUE - copy the ELF64 object IN to OUT
# with SYMBOL's st_value or st_size (FIELD: value, size) replaced.
import struct
import sys

src, dst, name, field, value = sys.argv[1:6]
value = int(value, 0)
data = bytearray(open(src, "rb").read())
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
for i in range(shnum):
    sh = shoff + i * shentsize
    sh_type, = struct.unpack_from("<I", data, sh + 4)
    if sh_type != 2:  # SHT_SYMTAB
        continue
    off, size, link = struct.unpack_from("<QQI", data, sh + 0x18)
    str_off, = struct.unpack_from("<Q", data, shoff + link * shentsize + 0x18)
    for s in range(off, off + size, 24):
        st_name, = struct.unpack_from("<I", data, s)
        end = data.index(b"\0", str_off + st_name)
        if data[str_off + st_name:end].decode() == name:
            struct.pack_into("<Q", data, s + (8 if field == "value" else 16), value)
            open(dst, "wb").write(data)
            sys.exit(0)
sys.exit("set-sym.py: no symbol %s in %s" % (name, src))
