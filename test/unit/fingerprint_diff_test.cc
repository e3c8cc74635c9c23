// SPDX-License-Identifier: GPL-2.0
// Tests for lib/fingerprint/diff.cc: what counts as a change, and the
// reasons given for it.
#include <doctest/doctest.h>

#include "kpatch/fingerprint.h"

using namespace kpatch::fp;

namespace {

FunctionRecord fn(std::string name, uint64_t rtl, uint64_t gimple)
{
    FunctionRecord f;
    f.symbol = name;
    f.canonical = name;
    f.section = ".text." + name;
    f.rtl_hash = rtl;
    f.gimple_hash = gimple;
    f.has_fentry = true;
    return f;
}

VariableRecord var(std::string name, uint64_t size, uint64_t init)
{
    VariableRecord v;
    v.symbol = name;
    v.canonical = name;
    v.section = ".data." + name;
    v.size = size;
    v.init_hash = init;
    return v;
}

std::vector<std::string> reasons(const Change &c)
{
    std::vector<std::string> out;
    for (const auto &r : c.reasons)
        out.push_back(to_string(r));
    return out;
}

}  // namespace

TEST_CASE("identical records: no changes")
{
    TranslationUnit a;
    a.functions = {fn("f", 1, 2), fn("g", 3, 4)};
    a.variables = {var("v", 4, 9)};
    CHECK(diff(a, a).empty());
}

TEST_CASE("a different source-level hash alone is not a change")
{
    TranslationUnit a, b;
    a.functions = {fn("f", 1, 2)};
    b.functions = {fn("f", 1, 3)};
    CHECK(diff(a, b).empty());
}

TEST_CASE("own body change")
{
    TranslationUnit a, b;
    a.functions = {fn("f", 1, 2)};
    b.functions = {fn("f", 5, 3)};
    auto d = diff(a, b);
    REQUIRE(d.size() == 1);
    CHECK(d[0].kind == ChangeKind::Changed);
    CHECK(d[0].entity == EntityKind::Function);
    CHECK(d[0].patchable);
    CHECK(reasons(d[0]) == std::vector<std::string>{"own body changed"});
}

TEST_CASE("inlined callee change names the callee")
{
    TranslationUnit a, b;
    a.functions = {fn("caller", 1, 2)};
    a.functions[0].inlined = {{"helper", 10}, {"same", 11}};
    b.functions = {fn("caller", 5, 2)};
    b.functions[0].inlined = {{"helper", 20}, {"same", 11}, {"added", 1}};
    auto d = diff(a, b);
    REQUIRE(d.size() == 1);
    CHECK(reasons(d[0]) == std::vector<std::string>{"now inlines 'added'",
                                                    "inlined callee 'helper' changed"});
}

TEST_CASE("no source-level difference: code generation")
{
    TranslationUnit a, b;
    a.functions = {fn("f", 1, 2)};
    b.functions = {fn("f", 5, 2)};
    auto d = diff(a, b);
    REQUIRE(d.size() == 1);
    CHECK(d[0].reasons.size() == 1);
    CHECK(d[0].reasons[0].kind == ReasonKind::CodeGeneration);
}

TEST_CASE("notrace function changed is unpatchable")
{
    TranslationUnit a, b;
    a.functions = {fn("f", 1, 2)};
    b.functions = {fn("f", 5, 3)};
    a.functions[0].has_fentry = b.functions[0].has_fentry = false;
    auto d = diff(a, b);
    REQUIRE(d.size() == 1);
    CHECK_FALSE(d[0].patchable);
}

TEST_CASE("a changed cold part is patchable through its parent")
{
    TranslationUnit a, b;
    FunctionRecord cold = fn("f.cold", 1, 2);
    cold.clone_kind = CloneKind::Cold;
    cold.clone_of = "f";
    cold.has_fentry = false;
    a.functions = {cold};
    cold.rtl_hash = 7;
    b.functions = {cold};
    auto d = diff(a, b);
    REQUIRE(d.size() == 1);
    CHECK(d[0].patchable);
    CHECK(reasons(d[0]) == std::vector<std::string>{
                               "cold part of 'f'",
                               "generated code changed (no source-level change seen)"});
}

TEST_CASE("new and removed functions, sorted by name")
{
    TranslationUnit a, b;
    a.functions = {fn("old", 1, 1), fn("keep", 2, 2)};
    b.functions = {fn("keep", 2, 2), fn("added", 3, 3)};
    auto d = diff(a, b);
    REQUIRE(d.size() == 2);
    CHECK(d[0].canonical == "added");
    CHECK(d[0].kind == ChangeKind::New);
    CHECK(d[1].canonical == "old");
    CHECK(d[1].kind == ChangeKind::Removed);
}

TEST_CASE("variables: initializer, size and section changes")
{
    TranslationUnit a, b;
    a.variables = {var("init", 4, 1), var("size", 4, 0), var("same", 4, 3)};
    b.variables = {var("init", 4, 2), var("size", 8, 0), var("same", 4, 3)};
    b.variables[1].section = ".bss.size";
    auto d = diff(a, b);
    REQUIRE(d.size() == 2);
    CHECK(d[0].entity == EntityKind::Variable);
    CHECK(reasons(d[0]) == std::vector<std::string>{"initializer changed"});
    CHECK(reasons(d[1]) == std::vector<std::string>{"size changed: 4 -> 8",
                                                    "section changed: .data.size -> .bss.size"});
}

TEST_CASE("a renumbered static keeps its place: its section follows its new name")
{
    // A patch that adds a static before __func__.261 makes it __func__.262,
    // in .rodata.__func__.262: same contents, same class of section.
    TranslationUnit a, b;
    a.variables = {var("f::__func__", 16, 7), var("g::__key", 0, 0)};
    a.variables[0].symbol = "__func__.261";
    a.variables[0].section = ".rodata.__func__.261";
    b.variables = a.variables;
    b.variables[0].symbol = "__func__.262";
    b.variables[0].section = ".rodata.__func__.262";
    b.variables[1].section = ".data..read_mostly";  // a real move
    a.functions = {fn("h", 1, 1)};
    a.functions[0].symbol = "h.constprop.0";
    a.functions[0].section = ".text.h.constprop.0";
    b.functions = a.functions;
    b.functions[0].symbol = "h.constprop.1";
    b.functions[0].section = ".text.h.constprop.1";
    auto d = diff(a, b);
    REQUIRE(d.size() == 1);
    CHECK(d[0].canonical == "g::__key");
    CHECK(reasons(d[0]) == std::vector<std::string>{
                               "section changed: .data.g::__key -> .data..read_mostly"});
}

TEST_CASE("functions come before variables")
{
    TranslationUnit a, b;
    b.variables = {var("a", 4, 0)};
    b.functions = {fn("z", 1, 1)};
    auto d = diff(a, b);
    REQUIRE(d.size() == 2);
    CHECK(d[0].entity == EntityKind::Function);
    CHECK(d[1].entity == EntityKind::Variable);
}

TEST_SUITE("fingerprint.pair")
{
    TranslationUnit unit(std::string source)
    {
        TranslationUnit t;
        t.source = std::move(source);
        return t;
    }

    TEST_CASE("records pair by source, then by file name, and a lone record stays alone")
    {
        std::vector<TranslationUnit> o = {unit("/a/fs/x.c"), unit("/a/fs/y.c"), unit("gone.c")};
        std::vector<TranslationUnit> p = {unit("/b/fs/y.c"), unit("/a/fs/x.c"), unit("new.c")};
        auto pairs = pair_units(o, p);
        REQUIRE(pairs.size() == 4);
        CHECK(pairs[0].orig == &o[0]);
        CHECK(pairs[0].patched == &p[1]);  // same source
        CHECK(pairs[1].patched == &p[0]);  // same file name, another tree
        CHECK(pairs[2].orig == &o[2]);
        CHECK(pairs[2].patched == nullptr);
        CHECK(pairs[3].orig == nullptr);
        CHECK(pairs[3].patched == &p[2]);
    }

    TEST_CASE("an exact source wins over an earlier record's file name")
    {
        std::vector<TranslationUnit> o = {unit("/a/x.c"), unit("/b/x.c")};
        std::vector<TranslationUnit> p = {unit("/b/x.c"), unit("/a/x.c")};
        auto pairs = pair_units(o, p);
        REQUIRE(pairs.size() == 2);
        CHECK(pairs[0].patched == &p[1]);
        CHECK(pairs[1].patched == &p[0]);
    }

    TEST_CASE("one record on each side is one pair, whatever their names")
    {
        std::vector<TranslationUnit> o = {unit("orig.c")}, p = {unit("patched.c")};
        auto pairs = pair_units(o, p);
        REQUIRE(pairs.size() == 1);
        CHECK(pairs[0].orig == &o[0]);
        CHECK(pairs[0].patched == &p[0]);
    }
}
