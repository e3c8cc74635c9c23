# SPDX-License-Identifier: GPL-2.0
#
# lit configuration for the plugin and linker tests.  Substitutions:
#   %cc          the C compiler (gcc 12, the one the kernel was built with)
#   %plugin      path of kpatch.so
#   %kpatch-fp   the fingerprint dump/diff tool
#   %kpatch-link the linker stage
#   %inputs      the test's directory's Inputs/ folder
import os
import lit.formats

config.name = "kpatch"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kpatch_obj_root, "test", "lit")

bin_dir = os.path.join(config.kpatch_obj_root, "bin")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])

config.substitutions.append(("%cc", config.cc))
config.substitutions.append(("%plugin", os.path.join(config.kpatch_obj_root, "gcc-plugin", "kpatch.so")))
config.substitutions.append(("%kpatch-fp", os.path.join(bin_dir, "kpatch-fp")))
config.substitutions.append(("%kpatch-link", os.path.join(bin_dir, "kpatch-link")))
config.substitutions.append(("%kernel_headers", config.kernel_headers))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
