// SPDX-License-Identifier: GPL-2.0
// kbuild_cmd and target: what kbuild and .config record.
#include "kbuild_cmd.h"
#include "target.h"

#include <doctest/doctest.h>

using namespace kpatch::build;

TEST_SUITE("kbuild_cmd") {

TEST_CASE("a module object's command, source and deps")
{
    auto c = parse_kbuild_cmd(
        "cmd_fs/nls/nls_cp437.o := gcc-12 -Wp,-MMD,fs/nls/.nls_cp437.o.d -nostdinc "
        "-DMODULE -DKBUILD_BASENAME='\"nls_cp437\"' -DKBUILD_MODNAME='\"nls_cp437\"' "
        "-c -o fs/nls/nls_cp437.o fs/nls/nls_cp437.c ; ./tools/objtool/objtool --orc\n"
        "\n"
        "source_fs/nls/nls_cp437.o := fs/nls/nls_cp437.c\n"
        "\n"
        "deps_fs/nls/nls_cp437.o := \\\n"
        "  include/linux/compiler-version.h \\\n"
        "    $(wildcard include/config/CC_VERSION_TEXT) \\\n"
        "  include/linux/nls.h \\\n"
        "\n"
        "fs/nls/nls_cp437.o: $(deps_fs/nls/nls_cp437.o)\n");
    CHECK(c.is_module);
    CHECK(c.modname == "nls_cp437");
    CHECK(c.source == "fs/nls/nls_cp437.c");
    REQUIRE(c.deps.size() == 2);
    CHECK(c.deps[1] == "include/linux/nls.h");
}

TEST_CASE("a built-in object has a KBUILD_MODNAME but no -DMODULE")
{
    auto c = parse_kbuild_cmd("cmd_fs/proc/version.o := gcc-12 -DKBUILD_MODNAME='\"proc\"' -c\n");
    CHECK_FALSE(c.is_module);
    CHECK(c.modname == "proc");
    CHECK(cmd_file_for("fs/proc/version.o") == "fs/proc/.version.o.cmd");
}

}

TEST_SUITE("target") {

TEST_CASE("config values and compiler identity")
{
    std::string cfg = "# comment\nCONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14) 12.2.0\"\n"
                      "CONFIG_X=y\n# CONFIG_GCC_PLUGINS is not set\n";
    CHECK(config_value(cfg, "X") == "y");
    CHECK_FALSE(config_value(cfg, "GCC_PLUGINS"));
    CHECK(compiler_identity(*config_value(cfg, "CC_VERSION_TEXT")) ==
          "(Debian 12.2.0-14) 12.2.0");
    // A launcher or another name for the same compiler is the same compiler...
    CHECK(compiler_identity("gcc (Debian 12.2.0-14) 12.2.0") == "(Debian 12.2.0-14) 12.2.0");
    // ...another build of it is not.
    CHECK(compiler_identity("gcc-12 (Debian 12.2.0-13) 12.2.0") != "(Debian 12.2.0-14) 12.2.0");
}

}
