// SPDX-License-Identifier: GPL-2.0
// units: which .c files include a header, on a small synthetic tree.
#include "units.h"

#include "scratch_tree.h"

#include <doctest/doctest.h>

using namespace kpatch::build;

namespace {

struct TempTree : ScratchTree {
    TempTree() : ScratchTree("kpb-units") {}
};

}  // namespace

TEST_SUITE("units") {

TEST_CASE("direct, transitive and angle-bracket includes, unrelated files stay out")
{
    TempTree t;
    t.write("include/linux/foo.h", "static inline int foo(void) { return 1; }\n");
    t.write("include/linux/bar.h", "#include <linux/foo.h>\n");
    t.write("drivers/x/a.c", "#include <linux/bar.h>\n");
    t.write("drivers/x/b.c", "  #  include \"../../include/linux/foo.h\"\n");
    t.write("drivers/x/c.c", "#include <linux/other.h>\n// linux/foo.h in a comment\n");
    t.write("tools/t.c", "#include <linux/foo.h>\n");  // not kernel code
    auto units = scan_includers(t.root, "include/linux/foo.h");
    CHECK(units == std::vector<std::string>{"drivers/x/a.c", "drivers/x/b.c"});
}

TEST_CASE("a private header: its directory's users")
{
    TempTree t;
    t.write("fs/p/internal.h", "int x;\n");
    t.write("fs/p/one.c", "#include \"internal.h\"\n");
    t.write("fs/p/sub/two.c", "#include \"../internal.h\"\n");
    t.write("fs/q/internal.h", "int y;\n");
    t.write("fs/q/three.c", "#include \"internal.h\"\n");
    auto units = scan_includers(t.root, "fs/p/internal.h");
    CHECK(units == std::vector<std::string>{"fs/p/one.c", "fs/p/sub/two.c"});
}

TEST_CASE("deps_ lists decide when objects were built")
{
    TempTree t;
    t.write("fs/p/.one.o.cmd", "cmd_fs/p/one.o := gcc -c\nsource_fs/p/one.o := fs/p/one.c\n"
                               "deps_fs/p/one.o := \\\n  fs/p/internal.h \\\n\n");
    t.write("fs/p/.two.o.cmd", "cmd_fs/p/two.o := gcc -c\nsource_fs/p/two.o := fs/p/two.c\n"
                               "deps_fs/p/two.o := \\\n  include/linux/kernel.h \\\n\n");
    CHECK(units_from_deps(t.root, "fs/p/internal.h") == std::vector<std::string>{"fs/p/one.c"});
    CHECK(classify("a/b.c") == FileKind::CSource);
    CHECK(classify("a/b.h") == FileKind::Header);
    CHECK(classify("a/Makefile") == FileKind::Other);
}

}

TEST_SUITE("units: a touched .c that other .c files #include") {

namespace {

// kernel/sched as in 6.1: debug.c is compiled only inside build_utility.c.
void sched_tree(TempTree &t)
{
    t.write("kernel/sched/sched.h", "struct rq;\n");
    t.write("kernel/sched/debug.c", "#include \"sched.h\"\nvoid dbg(void) {}\n");
    t.write("kernel/sched/build_utility.c",
            "#include \"sched.h\"\n#ifdef CONFIG_SCHED_DEBUG\n# include \"debug.c\"\n#endif\n");
    t.write("kernel/sched/core.c", "#include \"sched.h\"\n");
    t.write("kernel/other/debug.c", "#include \"debug.c\"\n");  // another debug.c
}

Unit find(const std::vector<Unit> &units, const std::string &source)
{
    for (const auto &u : units)
        if (u.source == source)
            return u;
    FAIL("no unit " << source);
    return {};
}

std::vector<std::string> sources(const std::vector<Unit> &units)
{
    std::vector<std::string> out;
    for (const auto &u : units)
        out.push_back(u.source);
    return out;
}

}  // namespace

TEST_CASE("its includers become units through it, its own object is optional")
{
    TempTree t;
    sched_tree(t);
    auto units = candidate_units(t.root, {"kernel/sched/debug.c"});
    CHECK(sources(units) ==
          std::vector<std::string>{"kernel/sched/build_utility.c", "kernel/sched/debug.c"});
    Unit self = find(units, "kernel/sched/debug.c");
    CHECK(self.object == "kernel/sched/debug.o");
    CHECK(self.via_header.empty());
    CHECK(self.includers == std::vector<std::string>{"kernel/sched/build_utility.c"});
    CHECK(self.optional());
    Unit outer = find(units, "kernel/sched/build_utility.c");
    CHECK(outer.object == "kernel/sched/build_utility.o");
    CHECK(outer.via_header == "kernel/sched/debug.c");
    CHECK(outer.optional());
}

TEST_CASE("a .c nobody includes stays a unit of its own that must build")
{
    TempTree t;
    sched_tree(t);
    auto units = candidate_units(t.root, {"kernel/sched/core.c"});
    REQUIRE(units.size() == 1);
    CHECK(units[0].object == "kernel/sched/core.o");
    CHECK(units[0].includers.empty());
    CHECK_FALSE(units[0].optional());
}

TEST_CASE("recorded deps_ find includers the scan cannot see, the file's own object is none")
{
    TempTree t;
    sched_tree(t);
    // Included under a name the scan does not resolve (a -I path).
    t.write("kernel/sched/build_policy.c", "#include <sched/debug.c>\n");
    t.write("kernel/sched/.build_policy.o.cmd",
            "cmd_kernel/sched/build_policy.o := gcc -c\n"
            "source_kernel/sched/build_policy.o := kernel/sched/build_policy.c\n"
            "deps_kernel/sched/build_policy.o := \\\n  kernel/sched/debug.c \\\n\n");
    // fixdep lists a unit's source as source_, never in its own deps_.
    t.write("kernel/sched/.debug.o.cmd", "cmd_kernel/sched/debug.o := gcc -c\n"
                                         "source_kernel/sched/debug.o := kernel/sched/debug.c\n"
                                         "deps_kernel/sched/debug.o := \\\n"
                                         "  kernel/sched/sched.h \\\n\n");
    auto units = candidate_units(t.root, {"kernel/sched/debug.c"});
    CHECK(find(units, "kernel/sched/debug.c").includers ==
          std::vector<std::string>{"kernel/sched/build_policy.c", "kernel/sched/build_utility.c"});
}

TEST_CASE("a touched includer stays a required unit of its own")
{
    TempTree t;
    sched_tree(t);
    auto units = candidate_units(t.root, {"kernel/sched/debug.c", "kernel/sched/build_utility.c"});
    Unit outer = find(units, "kernel/sched/build_utility.c");
    CHECK(outer.via_header.empty());
    CHECK_FALSE(outer.optional());
}

TEST_CASE("a header included only by an #included .c reaches the outer unit")
{
    TempTree t;
    sched_tree(t);
    t.write("kernel/sched/dbg_only.h", "int x;\n");
    t.write("kernel/sched/debug.c", "#include \"dbg_only.h\"\n");
    CHECK(scan_includers(t.root, "kernel/sched/dbg_only.h") ==
          std::vector<std::string>{"kernel/sched/build_utility.c", "kernel/sched/debug.c"});
}

TEST_CASE("notes for skipped objects say why and where the change goes")
{
    TempTree t;
    sched_tree(t);
    auto units = candidate_units(t.root, {"kernel/sched/debug.c"});
    std::string note = skip_note(find(units, "kernel/sched/debug.c"), false);
    CHECK(note.find("kernel/sched/debug.o: does not compile on its own") == 0);
    CHECK(note.find("kernel/sched/build_utility.c") != std::string::npos);
    CHECK(skip_note(find(units, "kernel/sched/debug.c"), true).find("not built on its own") !=
          std::string::npos);
    CHECK(skip_note(find(units, "kernel/sched/build_utility.c"), false)
              .find("includes kernel/sched/debug.c but does not compile") != std::string::npos);
}

TEST_CASE("a touched .c is lost only when neither it nor an includer is built")
{
    TempTree t;
    sched_tree(t);
    auto units = candidate_units(t.root, {"kernel/sched/debug.c", "kernel/sched/core.c"});
    Unit outer = find(units, "kernel/sched/build_utility.c");
    Unit core = find(units, "kernel/sched/core.c");
    CHECK(lost_sources(units, {outer, core}).empty());
    CHECK(lost_sources(units, {find(units, "kernel/sched/debug.c"), core}).empty());

    auto lost = lost_sources(units, {core});
    REQUIRE(lost.size() == 1);
    CHECK(lost[0].find("kernel/sched/debug.c is built neither on its own nor") == 0);
    CHECK(lost[0].find("(kernel/sched/build_utility.c)") != std::string::npos);

    lost = lost_sources(units, {});
    REQUIRE(lost.size() == 2);
    CHECK(lost[0] == "kernel/sched/core.c is not built in this configuration");

    lost = lost_sources(units, {}, {"kernel/sched/core.o"});
    REQUIRE(lost.size() == 2);
    CHECK(lost[0].find("kernel/sched/core.c does not compile unpatched in this configuration") ==
          0);
    CHECK(lost[0].find("not part of the running kernel") != std::string::npos);
}

}

TEST_SUITE("units") {

TEST_CASE("a top-level directory's .c is searched for in that directory only")
{
    TempTree t;
    t.write("kernel/fork.c", "int f;\n");
    t.write("kernel/sub/wrap.c", "#include \"../fork.c\"\n");
    t.write("mm/odd.c", "#include \"../kernel/fork.c\"\n");  // outside the scope
    CHECK(scan_includers(t.root, "kernel/fork.c") == std::vector<std::string>{"kernel/sub/wrap.c"});
}

}
