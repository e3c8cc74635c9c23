# SPDX-License-Identifier: GPL-2.0
"""kpvm - the host side of the kpatch VM test bench (see test/vm/README.md)."""
