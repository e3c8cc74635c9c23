// SPDX-License-Identifier: GPL-2.0
// Tests for lib/fingerprint/names.cc: canonical names of GCC clones and
// static locals.
#include <doctest/doctest.h>

#include "kpatch/fingerprint.h"

using namespace kpatch::fp;

TEST_CASE("plain names are their own canonical name")
{
    auto c = parse_clone("version_proc_show");
    CHECK(c.canonical == "version_proc_show");
    CHECK(c.kind == CloneKind::None);
    CHECK(c.clone_of.empty());
}

TEST_CASE("numeric clone suffixes are dropped, kinds kept")
{
    auto isra = parse_clone("foo.isra.0");
    CHECK(isra.canonical == "foo.isra");
    CHECK(isra.kind == CloneKind::Isra);
    CHECK(isra.clone_of == "foo");

    auto cp = parse_clone("foo.constprop.12");
    CHECK(cp.canonical == "foo.constprop");
    CHECK(cp.kind == CloneKind::Constprop);

    auto cold = parse_clone("foo.cold");
    CHECK(cold.kind == CloneKind::Cold);
    CHECK(cold.clone_of == "foo");
}

TEST_CASE("chained clones: the last kind wins, clone_of is the rest")
{
    auto c = parse_clone("foo.part.0.cold");
    CHECK(c.canonical == "foo.part.cold");
    CHECK(c.kind == CloneKind::Cold);
    CHECK(c.clone_of == "foo.part");

    auto d = parse_clone("bar.constprop.0.isra.3");
    CHECK(d.canonical == "bar.constprop.isra");
    CHECK(d.kind == CloneKind::Isra);
    CHECK(d.clone_of == "bar.constprop");
}

TEST_CASE("unknown suffixes stay part of the name")
{
    auto c = parse_clone("foo.bar.7");
    CHECK(c.canonical == "foo.bar");
    CHECK(c.kind == CloneKind::None);
    CHECK(parse_clone("._omp").canonical == "._omp");
}

TEST_CASE("static locals are owner::name, later duplicates numbered")
{
    CHECK(static_local_name("foo", "count") == "foo::count");
    CHECK(static_local_name("foo", "count", 1) == "foo::count");
    CHECK(static_local_name("foo", "count", 2) == "foo::count#2");
}
