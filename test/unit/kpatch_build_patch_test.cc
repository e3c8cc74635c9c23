// SPDX-License-Identifier: GPL-2.0
// patch_file: unified diffs into files and hunks.
#include "error.h"
#include "patch_file.h"

#include <doctest/doctest.h>

using namespace kpatch::build;

TEST_SUITE("patch_file") {

TEST_CASE("a -p1 diff with one hunk")
{
    auto files = parse_patch("intro text\n"
                             "--- a/fs/proc/version.c\n"
                             "+++ b/fs/proc/version.c\n"
                             "@@ -13,6 +13,7 @@ static int f(void)\n"
                             " a\n"
                             " b\n"
                             " c\n"
                             "+d\n"
                             " e\n"
                             "\n"
                             " g\n",
                             "p");
    REQUIRE(files.size() == 1);
    CHECK(files[0].path == "fs/proc/version.c");
    CHECK_FALSE(files[0].created);
    REQUIRE(files[0].hunks.size() == 1);
    const Hunk &h = files[0].hunks[0];
    CHECK(h.old_start == 13);
    CHECK(h.old_count == 6);
    CHECK(h.new_count == 7);
    CHECK(h.lines.size() == 7);
    CHECK(h.lines[5] == " ");  // an empty context line stays a context line
}

TEST_CASE("git diff headers, a created file, several files")
{
    auto files = parse_patch("diff --git a/x.c b/x.c\n"
                             "index 1..2 100644\n"
                             "--- a/x.c\n"
                             "+++ b/x.c\n"
                             "@@ -1 +1 @@\n"
                             "-old\n"
                             "+new\n"
                             "\\ No newline at end of file\n"
                             "--- /dev/null\n"
                             "+++ b/dir/new.h\n"
                             "@@ -0,0 +1,2 @@\n"
                             "+one\n"
                             "+two\n",
                             "p");
    REQUIRE(files.size() == 2);
    CHECK(files[0].hunks[0].old_count == 1);
    CHECK(files[1].path == "dir/new.h");
    CHECK(files[1].created);
}

TEST_CASE("truncated and empty input are errors naming the patch")
{
    CHECK_THROWS_WITH_AS(parse_patch("--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n", "t.patch"),
                         doctest::Contains("t.patch"), Error);
    CHECK_THROWS_WITH_AS(parse_patch("just prose\n", "e.patch"),
                         doctest::Contains("no file changes"), Error);
}

}
