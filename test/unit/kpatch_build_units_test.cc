// SPDX-License-Identifier: GPL-2.0
// units: which .c files include a header, on a small synthetic tree.
#include "units.h"

#include <doctest/doctest.h>

#include <fstream>
#include <unistd.h>

using namespace kpatch::build;

namespace {

struct TempTree {
    fs::path root;
    TempTree()
    {
        root = fs::temp_directory_path() / ("kpb-units-" + std::to_string(getpid()));
        fs::remove_all(root);
    }
    ~TempTree() { fs::remove_all(root); }
    void write(const std::string &rel, const std::string &text)
    {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << text;
    }
};

}  // namespace

TEST_SUITE("units") {

TEST_CASE("direct, transitive and angle-bracket includes; unrelated files stay out")
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
