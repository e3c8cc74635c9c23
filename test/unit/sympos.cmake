# SPDX-License-Identifier: GPL-2.0
# doctest suite of livepatch positions (linker/sympos.h): synthetic
# tables, a System.map and a module in sympos_test.cc; the installed target
# kernel's image and stock modules in sympos_target_test.cc (never
# skipped: scripts/install-deps installs the image package).
kpatch_unit_test(sympos
  SOURCES sympos_test.cc sympos_target_test.cc
  LIBS kpatch_link)
target_compile_definitions(sympos PRIVATE
  KPATCH_TEST_RELEASE="${KPATCH_KERNEL_RELEASE}"
  KPATCH_TEST_IMAGE="${KPATCH_KERNEL_IMAGE}"
  KPATCH_TEST_CACHE="${CMAKE_CURRENT_BINARY_DIR}/sympos-cache")
