# SPDX-License-Identifier: GPL-2.0
# doctest suites for kpatch-build's pieces (driver/kpatch-build) and the
# kpatch CLI's file-level parts (driver/kpatch): no kernel tree needed.
kpatch_unit_test(kpatch_build
  SOURCES kpatch_build_patch_test.cc kpatch_build_line_fix_test.cc
          kpatch_build_kbuild_test.cc kpatch_build_units_test.cc
          kpatch_build_guard_test.cc kpatch_build_options_test.cc
          kpatch_build_preflight_test.cc kpatch_build_process_test.cc
          kpatch_build_core_module_test.cc kpatch_build_member_test.cc
          kpatch_build_file_lock_test.cc kpatch_build_releases_test.cc
          kpatch_build_release_match_test.cc kpatch_build_report_test.cc
          kpatch_build_launcher_test.cc
  LIBS kpatch_build_core)
# release_match compiles a small stand-in for kpatch.ko.
target_compile_definitions(kpatch_build PRIVATE KPATCH_TEST_CC="${CMAKE_C_COMPILER}")
kpatch_unit_test(kpatch_cli
  SOURCES kpatch_cli_test.cc
  LIBS kpatch_cli_core PkgConfig::LIBELF)
# The .ko reader test compiles a small object with the ABI header.
target_compile_definitions(kpatch_cli PRIVATE
  KPATCH_TEST_CC="${CMAKE_C_COMPILER}"
  KPATCH_TEST_INCLUDE="${CMAKE_SOURCE_DIR}/include")
