# SPDX-License-Identifier: GPL-2.0
#
# cmake -DKPATCH_BUILD=... -DRELEASE=... -DOUT=FILE -P prepare-tree.cmake
# Prepares (or finds) kpatch-build's cached tree for RELEASE and writes its
# path to FILE, only when it changed (so lit does not rerun needlessly).
execute_process(
  COMMAND ${KPATCH_BUILD} --prepare-tree -r ${RELEASE}
  OUTPUT_VARIABLE tree
  OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR tree STREQUAL "")
  message(FATAL_ERROR "kpatch-build --prepare-tree -r ${RELEASE} failed (exit ${rc}); "
                      "the linker lit tests need that tree")
endif()
file(CONFIGURE OUTPUT ${OUT} CONTENT "${tree}\n")
