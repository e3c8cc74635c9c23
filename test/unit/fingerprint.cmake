# SPDX-License-Identifier: GPL-2.0
# doctest suites for lib/fingerprint: codec, names, diff, hasher, ELF reader.
kpatch_unit_test(fingerprint
  SOURCES fingerprint_codec_test.cc fingerprint_names_test.cc
          fingerprint_diff_test.cc fingerprint_hash_test.cc
          fingerprint_normalize_test.cc
  LIBS kpatch_fingerprint)
