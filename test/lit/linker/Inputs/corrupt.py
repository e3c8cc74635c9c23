#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# corrupt.py LINK ORIG PATCHED OUTDIR N - run LINK on N corrupted copies
# of PATCHED (deterministic byte flips in the ELF header, section headers,
# symbol table, relocations and fingerprint section) and print one line
# per run whose exit status is neither 0 nor 1 (a crash or a signal).
# Prints "corrupt: N runs, K crashes" at the end.
import random
import subprocess
import sys

link, orig, patched, outdir, n = sys.argv[1:6]
n = int(n)
data = open(patched, "rb").read()
rng = random.Random(4242)
crashes = 0
for i in range(n):
    bad = bytearray(data)
    # Half the flips hit the first 4 KiB (headers, early sections), half
    # anywhere, including the section header table at the end.
    for _ in range(rng.randint(1, 8)):
        where = rng.randrange(min(len(bad), 4096)) if rng.random() < 0.5 else rng.randrange(len(bad))
        bad[where] ^= rng.randrange(1, 256)
    path = "%s/bad%d.o" % (outdir, i)
    open(path, "wb").write(bad)
    r = subprocess.run([link, "-o", "%s/out%d.o" % (outdir, i), orig, path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        crashes += 1
        print("crash: run %d exit %d: %s" % (i, r.returncode, r.stderr.decode()[-200:]))
print("corrupt: %d runs, %d crashes" % (n, crashes))
