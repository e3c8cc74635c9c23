// SPDX-License-Identifier: GPL-2.0
// line_fix: #line directives keep unchanged code on its original lines.
#include "line_fix.h"
#include "patch_file.h"

#include <doctest/doctest.h>

using namespace kpatch::build;

TEST_SUITE("line_fix") {

TEST_CASE("added lines above a function: the function keeps its numbers")
{
    std::string patch = "--- a/f.c\n+++ b/f.c\n"
                        "@@ -1,3 +1,5 @@\n"
                        " int a;\n"
                        "+int b;\n"
                        "+int c;\n"
                        " \n"
                        " void f(void)\n";
    std::string patched = "int a;\nint b;\nint c;\n\nvoid f(void)\n{\n}\n";
    auto fp = parse_patch(patch, "p").at(0);
    int n = 0;
    std::string out = insert_line_directives(patched, fp, &n);
    CHECK(n == 1);
    // The blank line was line 2 originally.
    CHECK(out == "int a;\nint b;\nint c;\n#line 2\n\nvoid f(void)\n{\n}\n");
}

TEST_CASE("no directive inside a comment or after a continuation")
{
    std::string patch = "--- a/f.c\n+++ b/f.c\n"
                        "@@ -1,3 +1,4 @@\n"
                        " /* x\n"
                        "+ y\n"
                        "  z */\n"
                        " int a;\n";
    std::string patched = "/* x\n y\n z */\nint a;\n";
    auto fp = parse_patch(patch, "p").at(0);
    int n = 0;
    std::string out = insert_line_directives(patched, fp, &n);
    CHECK(n == 1);
    CHECK(out == "/* x\n y\n z */\n#line 3\nint a;\n");

    std::string macro = "--- a/m.h\n+++ b/m.h\n"
                        "@@ -1,2 +1,3 @@\n"
                        " #define M \\\n"
                        "+\tfoo \\\n"
                        " \tbar\n";
    auto mp = parse_patch(macro, "p").at(0);
    CHECK(insert_line_directives("#define M \\\n\tfoo \\\n\tbar\n", mp, &n) ==
          "#define M \\\n\tfoo \\\n\tbar\n");
    CHECK(n == 0);
}

TEST_CASE("a hunk patch(1) applied at an offset leaves the file alone")
{
    std::string patch = "--- a/f.c\n+++ b/f.c\n"
                        "@@ -1,2 +1,3 @@\n"
                        " int a;\n"
                        "+int b;\n"
                        " int c;\n";
    std::string patched = "// moved\nint a;\nint b;\nint c;\n";
    int n = -1;
    CHECK(insert_line_directives(patched, parse_patch(patch, "p").at(0), &n) == patched);
    CHECK(n == 0);
}

}
