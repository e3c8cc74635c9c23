# SPDX-License-Identifier: GPL-2.0
# doctest suites of the linker stage: correlation, anchors, Module.symvers,
# the ABI encoding, the static-branch stubs and the ELF layer's handling of
# malformed input.
kpatch_unit_test(link
  SOURCES link_correlate_test.cc link_abi_test.cc link_elf_test.cc link_jump_stub_test.cc
  LIBS kpatch_link)
