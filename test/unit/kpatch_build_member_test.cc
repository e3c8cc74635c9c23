// SPDX-License-Identifier: GPL-2.0
// kbuild_member: which objects a configuration builds, asked of make on a
// small synthetic tree shaped like the kernel's.
#include "kbuild_member.h"

#include "scratch_tree.h"

#include <doctest/doctest.h>

using namespace kpatch::build;
namespace fs = std::filesystem;

namespace {

struct KbuildTree : ScratchTree {
    KbuildTree() : ScratchTree("kpb-member")
    {
        write("include/config/auto.conf", "CONFIG_EXT4_FS=m\nCONFIG_HISI=\nCONFIG_CLK=y\n");
        write("scripts/Kbuild.include", "# nothing needed here\n");
        write("fs/Makefile", "obj-y += open.o\nobj-$(CONFIG_EXT4_FS) += ext4/\n");
        write("fs/ext4/Makefile", "obj-$(CONFIG_EXT4_FS) += ext4.o\next4-y := super.o inode.o\n");
        write("drivers/Makefile", "obj-$(CONFIG_CLK) += clk/\n");
        write("drivers/clk/Makefile", "obj-y += clk.o\nobj-$(CONFIG_HISI) += hisilicon/\n");
        write("drivers/clk/hisilicon/Makefile", "obj-y += reset.o\n");
        write("arch/x86/kernel/Makefile", "obj-y += head_$(BITS).o\n");
        write("arch/x86/Kbuild", "obj-y += kernel/\n");
        write("net/Makefile", "$(error this Makefile needs more than kpatch gives it)\n");
    }
};

}  // namespace

TEST_SUITE("kbuild_member") {

TEST_CASE("an object is built when each directory up to the top lists the next")
{
    KbuildTree t;
    KbuildMembership kbuild(t.root, t.root / "query.mk");
    CHECK(kbuild.built("fs/open.o") == true);
    CHECK(kbuild.built("fs/ext4/super.o") == true);       // a composite module's part
    CHECK(kbuild.built("fs/ext4/namei.o") == false);      // not listed
    CHECK(kbuild.built("drivers/clk/clk.o") == true);
    CHECK(kbuild.built("drivers/clk/hisilicon/reset.o") == false);  // its directory is off
    CHECK(kbuild.built("arch/x86/kernel/head_64.o") == true);
}

TEST_CASE("a Makefile make cannot read concludes nothing")
{
    KbuildTree t;
    KbuildMembership kbuild(t.root, t.root / "query.mk");
    CHECK(kbuild.built("net/socket.o") == std::nullopt);
}

TEST_CASE("the listing line is found among make's other output")
{
    auto l = parse_listing("make: warning\nkpatch-kbuild: b.o a/ c.o\n");
    REQUIRE(l);
    CHECK(l->size() == 3);
    CHECK(l->contains("a/"));
    CHECK_FALSE(parse_listing("nothing here\n"));
}

}
