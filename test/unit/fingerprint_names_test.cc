// SPDX-License-Identifier: GPL-2.0
// Tests for lib/fingerprint/names.cc: canonical names of GCC clones and
// static locals.
#include <doctest/doctest.h>

#include "kpatch/fingerprint.h"
#include "kpatch/fp_normalize.h"

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

TEST_CASE("finalize_names: clones, collisions in GCC order, references")
{
    TranslationUnit tu;
    FunctionRecord a, b, c, user;
    a.symbol = "foo.constprop.10";
    b.symbol = "foo.constprop.2";
    c.symbol = "foo.isra.0";
    user.symbol = "user";
    user.references = {{"foo.constprop.10", Binding::Local, true},
                       {"count.3", Binding::Local, false},
                       {"printk", Binding::Global, true},
                       {"ext.isra.7", Binding::Local, true}};
    tu.functions = {a, b, c, user};
    VariableRecord v;
    v.symbol = "count.3";
    v.canonical = "user::count";
    v.static_local_owner = "user";
    tu.variables = {v};
    finalize_names(tu);
    CHECK(tu.functions[0].canonical == "foo.constprop#2");  // .10 made after .2
    CHECK(tu.functions[1].canonical == "foo.constprop");
    CHECK(tu.functions[1].clone_kind == CloneKind::Constprop);
    CHECK(tu.functions[2].canonical == "foo.isra");
    CHECK(tu.functions[2].clone_of == "foo");
    auto &refs = tu.functions[3].references;
    REQUIRE(refs.size() == 4);
    CHECK(refs[0].name == "ext.isra");
    CHECK(refs[1].name == "foo.constprop#2");
    CHECK(refs[2].name == "printk");
    CHECK(refs[3].name == "user::count");
}

TEST_CASE("__UNIQUE_ID names lose their __COUNTER__ value")
{
    CHECK(canonical_symbol("__UNIQUE_ID___addressable_proc_version_init256") ==
          "__UNIQUE_ID___addressable_proc_version_init");
    CHECK(canonical_symbol("__UNIQUE_ID_") == "__UNIQUE_ID_");
    CHECK(canonical_symbol("jiffies64") == "jiffies64");
    CHECK(parse_clone("__UNIQUE_ID_ddebug12.constprop.0").canonical == "__UNIQUE_ID_ddebug.constprop");
}

TEST_CASE("finalize_names numbers colliding variables by __COUNTER__ order")
{
    TranslationUnit tu;
    VariableRecord a, b;
    a.symbol = "__UNIQUE_ID_x300";
    b.symbol = "__UNIQUE_ID_x29";
    tu.variables = {a, b};
    FunctionRecord user;
    user.symbol = "user";
    user.references = {{"__UNIQUE_ID_x300", Binding::Local, false}};
    tu.functions = {user};
    finalize_names(tu);
    CHECK(tu.variables[1].canonical == "__UNIQUE_ID_x");
    CHECK(tu.variables[0].canonical == "__UNIQUE_ID_x#2");
    CHECK(tu.functions[0].references[0].name == "__UNIQUE_ID_x#2");
}
