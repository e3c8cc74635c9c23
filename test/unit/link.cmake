# SPDX-License-Identifier: GPL-2.0
# doctest suites of the linker stage: correlation, anchors, Module.symvers,
# the ABI encoding, the static-branch stubs, the ELF layer's handling of
# malformed input, and the builder's decisions on synthetic objects
# (synthetic_object.h writes them, linked_patch.h reads the output back).
kpatch_unit_test(link
  SOURCES link_correlate_test.cc link_abi_test.cc link_elf_test.cc link_jump_stub_test.cc
          link_builder_test.cc synthetic_object.cc linked_patch.cc
  LIBS kpatch_link)
