// SPDX-License-Identifier: GPL-2.0
// preflight: every path the command line names is checked before the
// first compile, and the message names the option and the path.
#include "error.h"
#include "preflight.h"
#include "util.h"

#include <doctest/doctest.h>

#include <fstream>
#include <unistd.h>

using namespace kpatch::build;

namespace {

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("kpb-preflight-" + std::to_string(getpid()));
    fs::path patch = dir / "p.patch";
    Scratch()
    {
        fs::remove_all(dir);
        fs::create_directories(dir / "out");
        std::ofstream(patch) << "--- a/f.c\n+++ b/f.c\n";
    }
    ~Scratch() { fs::remove_all(dir); }
    Options options() const
    {
        Options o;
        o.patches = {patch};
        o.outdir = dir / "out";
        o.name = "p";
        return o;
    }
};

}  // namespace

TEST_SUITE("preflight") {

TEST_CASE("good options pass, and a new -o directory is fine")
{
    Scratch s;
    Options o = s.options();
    CHECK_NOTHROW(preflight(o));
    o.outdir = s.dir / "new" / "deeper";
    CHECK_NOTHROW(preflight(o));
}

TEST_CASE("a patch that is a directory or missing")
{
    Scratch s;
    Options o = s.options();
    o.patches = {s.dir};
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("is a directory, not a regular file"),
                         Error);
    o.patches = {s.dir / "missing.patch"};
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("missing.patch: cannot open"), Error);
}

TEST_CASE("-o: a file, a device, an unwritable directory")
{
    Scratch s;
    Options o = s.options();
    o.outdir = s.patch;
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("p.patch: not a directory"), Error);
    o.outdir = "/dev/null";
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("-o /dev/null: not a directory"), Error);
    if (geteuid() != 0) {  // root writes anywhere
        fs::permissions(s.dir / "out", fs::perms::owner_write, fs::perm_options::remove);
        o.outdir = s.dir / "out";
        CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("cannot write into"), Error);
        fs::permissions(s.dir / "out", fs::perms::owner_write, fs::perm_options::add);
    }
}

TEST_CASE("-o: the module's file exists as a symlink or a directory")
{
    Scratch s;
    Options o = s.options();
    fs::create_symlink("/dev/null", s.dir / "out" / "kpatch-p.ko");
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("kpatch-p.ko: is a symbolic link"),
                         Error);
    fs::remove(s.dir / "out" / "kpatch-p.ko");
    fs::create_directory(s.dir / "out" / "kpatch-p.ko");
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("kpatch-p.ko: is a directory"), Error);
}

TEST_CASE("--oot-module: missing, or not a module directory")
{
    Scratch s;
    Options o = s.options();
    o.oot_module = s.dir / "nope";
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("nope: no such directory"), Error);
    o.oot_module = s.dir / "out";
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("no Kbuild or Makefile"), Error);
    std::ofstream(s.dir / "out" / "Kbuild") << "obj-m := m.o\n";
    CHECK_NOTHROW(preflight(o));
}

TEST_CASE("signing files and the plugin must exist")
{
    Scratch s;
    Options o = s.options();
    o.sign_key = s.dir / "key.pem";
    o.sign_cert = s.patch;
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("--sign-key"), Error);
    o = s.options();
    o.plugin = s.dir / "out";
    CHECK_THROWS_WITH_AS(preflight(o), doctest::Contains("--plugin"), Error);
}

}
