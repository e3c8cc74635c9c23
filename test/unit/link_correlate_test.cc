// SPDX-License-Identifier: GPL-2.0
//
// Tests of the linker's correlation logic (linker/correlate.cc) and the
// anchor helpers, on hand-made fingerprint records: what is included,
// what correlates by canonical name, and what is refused.
#include <doctest/doctest.h>

#include "anchors.h"
#include "correlate.h"
#include "symvers.h"
#include "link.h"

using namespace kpatch;

namespace {

fp::FunctionRecord fn(std::string sym, uint64_t rtl, uint64_t gimple = 1)
{
    fp::FunctionRecord f;
    f.symbol = sym;
    f.canonical = fp::parse_clone(sym).canonical;
    f.clone_kind = fp::parse_clone(sym).kind;
    f.clone_of = fp::parse_clone(sym).clone_of;
    f.section = ".text." + sym;
    f.rtl_hash = rtl;
    f.gimple_hash = gimple;
    f.has_fentry = f.clone_kind != fp::CloneKind::Cold;
    return f;
}

fp::VariableRecord var(std::string sym, std::string canonical, uint64_t init, uint64_t size = 4)
{
    fp::VariableRecord v;
    v.symbol = sym;
    v.canonical = canonical;
    v.section = ".data." + sym;
    v.size = size;
    v.init_hash = init;
    return v;
}

fp::TranslationUnit tu(std::vector<fp::FunctionRecord> f, std::vector<fp::VariableRecord> v = {})
{
    fp::TranslationUnit t;
    t.source = "a.c";
    t.functions = std::move(f);
    t.variables = std::move(v);
    return t;
}

std::vector<std::string> included(const link::Correlation &c)
{
    std::vector<std::string> out;
    for (const auto &f : c.functions)
        out.push_back(f.symbol);
    return out;
}

}  // namespace

TEST_SUITE("link.correlate")
{
    TEST_CASE("changed and new functions are included, unchanged ones are not")
    {
        auto c = link::correlate({tu({fn("a", 1), fn("b", 2)})},
                                 {tu({fn("a", 1), fn("b", 3), fn("c", 4)})});
        CHECK(c.refusals.empty());
        CHECK(included(c) == std::vector<std::string>{"b", "c"});
        CHECK(c.functions[0].orig_symbol == "b");
        CHECK(c.functions[1].orig_symbol.empty());
        CHECK(c.functions[0].why == link::Why::Changed);
        CHECK(c.functions[1].why == link::Why::New);
        CHECK(c.to_orig.at("a") == "a");
        // The unfiltered diff, for "nothing changed" and the report's data lines.
        CHECK(c.changes.size() == 2);
    }

    TEST_CASE("clones and static locals correlate by canonical name across renumbering")
    {
        auto o = tu({fn("f.isra.0", 1)}, {var("count.3", "f::count", 0)});
        o.variables[0].static_local_owner = "f";
        auto p = tu({fn("f.isra.2", 1)}, {var("count.5", "f::count", 0)});
        p.variables[0].static_local_owner = "f";
        auto c = link::correlate({o}, {p});
        CHECK(c.refusals.empty());
        CHECK(c.functions.empty());
        CHECK(c.to_orig.at("f.isra.2") == "f.isra.0");
        CHECK(c.to_orig.at("count.5") == "count.3");
    }

    TEST_CASE("a section renamed only by a renumbered symbol is no change")
    {
        auto c = link::correlate({tu({fn("f.isra.0", 1)})}, {tu({fn("f.isra.1", 1)})});
        CHECK(c.functions.empty());
        c = link::correlate({tu({fn("f.isra.0", 1)})}, {tu({fn("f.isra.1", 2)})});
        CHECK(included(c) == std::vector<std::string>{"f.isra.1"});
    }

    TEST_CASE("a cold part comes with its changed parent")
    {
        auto c = link::correlate({tu({fn("f", 1), fn("f.cold", 9)})},
                                 {tu({fn("f", 2), fn("f.cold", 9)})});
        REQUIRE(included(c) == std::vector<std::string>{"f", "f.cold"});
        CHECK(c.functions[1].is_cold_part);
        CHECK(c.functions[1].why == link::Why::ColdCompanion);
    }

    TEST_CASE("ignored functions are left out, and said to be")
    {
        auto c = link::correlate({tu({fn("a", 1), fn("b", 1)})}, {tu({fn("a", 2), fn("b", 2)})},
                                 {"a"});
        CHECK(included(c) == std::vector<std::string>{"b"});
        REQUIRE(c.excluded.size() == 1);
        CHECK(c.excluded[0].symbol == "a");
        CHECK(c.excluded[0].how == "KPATCH_IGNORE_FUNCTION");
        // An ignored user of a changed table stays out too, named once.
        auto user = fn("a", 5);
        user.references.push_back({"CSWTCH.1", fp::Binding::Local, false});
        auto changed = user;
        changed.rtl_hash = 6;
        c = link::correlate({tu({user}, {var("CSWTCH.1", "CSWTCH.1", 1)})},
                            {tu({changed}, {var("CSWTCH.1", "CSWTCH.1", 2)})}, {"a"});
        CHECK(c.functions.empty());
        CHECK(c.excluded.size() == 1);
    }

    TEST_CASE("refusals: __init, noinstr, changed data, per-cpu")
    {
        auto init = fn("setup", 1);
        init.is_init = true;
        auto init2 = init;
        init2.rtl_hash = 2;
        init2.gimple_hash = 2;
        auto c = link::correlate({tu({init})}, {tu({init2})});
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].what.find("__init") != std::string::npos);

        auto nt = fn("hot", 1);
        nt.has_fentry = false;
        nt.section = ".noinstr.text";
        auto nt2 = nt;
        nt2.rtl_hash = 2;
        c = link::correlate({tu({nt})}, {tu({nt2})});
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].what.find("noinstr") != std::string::npos);

        c = link::correlate({tu({}, {var("limit", "limit", 1)})}, {tu({}, {var("limit", "limit", 2)})});
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].todo.find("shadow variable") != std::string::npos);

        c = link::correlate({tu({}, {var("limit", "limit", 1)})},
                            {tu({}, {var("limit", "limit", 1, 8)})});
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].what.find("size") != std::string::npos);

        auto pc = var("stat", "stat", 0);
        pc.section = ".data..percpu";
        c = link::correlate({tu({})}, {tu({}, {pc})});
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].what.find("per-cpu") != std::string::npos);
    }

    TEST_CASE("__init code that changed only through inlining is noted, not refused")
    {
        auto init = fn("setup", 1);
        init.is_init = true;
        auto init2 = init;
        init2.rtl_hash = 2;  // its own source (GIMPLE) is the same
        auto c = link::correlate({tu({init})}, {tu({init2})});
        CHECK(c.refusals.empty());
        CHECK(c.functions.empty());
        REQUIRE(c.notes.size() == 1);
        CHECK(c.notes[0].symbol == "setup");
    }

    TEST_CASE("a changed static function without ftrace entry is copied, its callers replaced")
    {
        auto inner = fn("__do_sys_x", 1);
        inner.has_fentry = false;
        inner.binding = fp::Binding::Local;
        auto user = fn("__x64_sys_x", 7);
        user.references = {{"__do_sys_x", fp::Binding::Local, true}};
        auto other = fn("unrelated", 8);
        auto boot = fn("setup_x", 9);
        boot.is_init = true;
        boot.references = user.references;
        auto inner2 = inner;
        inner2.rtl_hash = 2;
        auto c = link::correlate({tu({inner, user, other, boot})},
                                 {tu({inner2, user, other, boot})});
        CHECK(c.refusals.empty());
        CHECK(included(c) == std::vector<std::string>{"__do_sys_x", "__x64_sys_x"});
        CHECK(c.functions[0].untraceable_copy);
        CHECK(c.functions[0].why == link::Why::Changed);
        CHECK(c.functions[1].why == link::Why::CallsCopy);
        CHECK(c.functions[0].orig_symbol.empty());      // copied, not redirected
        CHECK(c.functions[1].orig_symbol == "__x64_sys_x");  // redirected
        REQUIRE(c.notes.size() == 1);
        CHECK(c.notes[0].symbol == "setup_x");

        // Where its original allows a jmp at its entry, that redirects it,
        // static or global, and its callers stay.
        link::EntryJumpCheck jumpable = [](const std::string &) { return std::string(); };
        c = link::correlate({tu({inner, user})}, {tu({inner2, user})}, {}, jumpable);
        CHECK(c.refusals.empty());
        REQUIRE(included(c) == std::vector<std::string>{"__do_sys_x"});
        CHECK(c.functions[0].entry_jump);
        CHECK(c.functions[0].orig_symbol == "__do_sys_x");
        inner.binding = inner2.binding = fp::Binding::Global;
        c = link::correlate({tu({inner, user})}, {tu({inner2, user})}, {}, jumpable);
        CHECK(c.refusals.empty());
        REQUIRE(included(c) == std::vector<std::string>{"__do_sys_x"});
        CHECK(c.functions[0].entry_jump);

        // A global one whose original does not: refused with the reason.
        link::EntryJumpCheck blocked = [](const std::string &) { return std::string("a loop"); };
        c = link::correlate({tu({inner, user})}, {tu({inner2, user})}, {}, blocked);
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].what.find("is global") != std::string::npos);
        CHECK(c.refusals[0].what.find("a loop") != std::string::npos);

        // Only the patched version notrace: the original's site redirects.
        inner.has_fentry = true;
        c = link::correlate({tu({inner, user})}, {tu({inner2, user})}, {}, blocked);
        CHECK(c.refusals.empty());
        REQUIRE(included(c) == std::vector<std::string>{"__do_sys_x"});
        CHECK(!c.functions[0].entry_jump);
    }

    TEST_CASE("compiler-made read-only data is copied, never refused")
    {
        auto c = link::correlate({tu({}, {var("CSWTCH.1", "CSWTCH.1", 1)})},
                                 {tu({}, {var("CSWTCH.1", "CSWTCH.1", 2)})});
        CHECK(c.refusals.empty());
        CHECK(c.new_variables.contains("CSWTCH.1"));
        // Its users are included even though their code did not change.
        auto user = fn("pick", 5);
        user.references.push_back({"CSWTCH.1", fp::Binding::Local, false});
        c = link::correlate({tu({user, fn("other", 6)}, {var("CSWTCH.1", "CSWTCH.1", 1)})},
                            {tu({user, fn("other", 6)}, {var("CSWTCH.1", "CSWTCH.1", 2)})});
        CHECK(included(c) == std::vector<std::string>{"pick"});
        CHECK(c.functions[0].why == link::Why::UsesTable);
        CHECK(link::is_artificial_rodata("__func__.3"));
        CHECK(!link::is_artificial_rodata("kpl_table"));
    }

    TEST_CASE("a renumbered switch table correlates by owner, a changed one still pulls in its user")
    {
        // The plugin names tables owner::CSWTCH[#k]; GCC's number moved.
        auto table = [](std::string sym, uint64_t init) {
            auto v = var(sym, "pick::CSWTCH", init);
            v.static_local_owner = "pick";
            v.is_read_only = true;
            return v;
        };
        auto user = fn("pick", 5);
        user.references.push_back({"pick::CSWTCH", fp::Binding::Local, false});
        auto c = link::correlate({tu({user}, {table("CSWTCH.156", 1)})},
                                 {tu({user}, {table("CSWTCH.157", 1)})});
        CHECK(included(c).empty());
        CHECK(c.to_orig.at("CSWTCH.157") == "CSWTCH.156");
        c = link::correlate({tu({user}, {table("CSWTCH.156", 1)})},
                            {tu({user}, {table("CSWTCH.157", 2)})});
        CHECK(included(c) == std::vector<std::string>{"pick"});
        CHECK(c.functions[0].reasons[0] == "read-only table 'pick::CSWTCH' changed");
        CHECK(c.refusals.empty());
    }

    TEST_CASE("a new static local of a function whose own body is unchanged is an orphan")
    {
        auto p = tu({fn("f", 1, 7)}, {var("seen.1", "f::seen", 0)});
        p.variables[0].static_local_owner = "f";
        auto c = link::correlate({tu({fn("f", 1, 7)})}, {p});
        CHECK(c.orphan_statics.contains("seen.1"));
        // The same static added by an edit of f is new data, not an orphan.
        p.functions[0].gimple_hash = 8;
        p.functions[0].rtl_hash = 2;
        c = link::correlate({tu({fn("f", 1, 7)})}, {p});
        CHECK(c.orphan_statics.empty());
        CHECK(c.new_variables.contains("seen.1"));
    }

    TEST_CASE("a changed pr_debug() descriptor is the new code's own, other changed data is refused")
    {
        auto desc = [](uint64_t init) {
            auto v = var("__UNIQUE_ID_ddebug412.3", "f::__UNIQUE_ID_ddebug", init, 56);
            v.section = "__dyndbg";
            v.static_local_owner = "f";
            return v;
        };
        auto c = link::correlate({tu({fn("f", 1, 7)}, {desc(10)})},
                                 {tu({fn("f", 2, 8)}, {desc(11)})});
        CHECK(c.refusals.empty());
        CHECK(c.new_variables.contains("__UNIQUE_ID_ddebug412.3"));
        REQUIRE(c.notes.size() == 1);
        CHECK(c.notes[0].what.find("pr_debug() descriptor") != std::string::npos);
        // The same change to ordinary data stays a refusal.
        auto plain = desc(11);
        plain.section = ".data.x";
        c = link::correlate({tu({fn("f", 1, 7)}, {desc(10)})}, {tu({fn("f", 2, 8)}, {plain})});
        CHECK(c.refusals.size() == 1);
        CHECK(c.new_variables.empty());
    }

    TEST_CASE("a changed read-only static local is copied with its readers, unless __init code read it")
    {
        auto msg = [](uint64_t init, uint64_t size) {
            auto v = var("__msg.17", "check::__msg", init, size);
            v.section = ".rodata.__msg.17";
            v.static_local_owner = "check";
            v.is_read_only = true;
            return v;
        };
        // check() is inlined into both users, which name the message.
        auto user = fn("add_key", 5);
        user.references.push_back({"__msg.17", fp::Binding::Local, false});
        auto other = user;
        other.symbol = other.canonical = "del_key";
        auto c = link::correlate({tu({user, other, fn("keep", 6)}, {msg(1, 31)})},
                                 {tu({user, other, fn("keep", 6)}, {msg(2, 38)})});
        CHECK(c.refusals.empty());
        CHECK(c.new_variables.contains("__msg.17"));
        CHECK(c.copied_constants.contains("__msg.17"));
        CHECK(included(c) == std::vector<std::string>{"add_key", "del_key"});
        CHECK(c.functions[0].why == link::Why::UsesTable);
        CHECK(c.functions[0].reasons[0] == "read-only static local 'check::__msg' changed");
        REQUIRE(c.notes.size() == 1);
        CHECK(c.notes[0].what.find("carries the new content") != std::string::npos);

        // Read by __init code: what it did at boot stays, refused.
        auto init = user;
        init.is_init = true;
        c = link::correlate({tu({init}, {msg(1, 31)})}, {tu({init}, {msg(2, 38)})});
        REQUIRE(c.refusals.size() == 1);
        CHECK(c.refusals[0].what.find("__init code 'add_key' read it at boot") != std::string::npos);
        CHECK(c.copied_constants.empty());

        // Writable, or not a static local: refused as before.
        auto writable = msg(2, 38);
        writable.is_read_only = false;
        c = link::correlate({tu({user}, {msg(1, 31)})}, {tu({user}, {writable})});
        CHECK(c.refusals.size() == 1);
        auto file_scope = msg(2, 38);
        file_scope.static_local_owner.clear();
        c = link::correlate({tu({user}, {msg(1, 31)})}, {tu({user}, {file_scope})});
        CHECK(c.refusals.size() == 1);
    }

    TEST_CASE("translation units that do not pair up are refused")
    {
        auto o = tu({fn("a", 1)});
        auto p1 = tu({fn("a", 1)});
        p1.source = "b.c";
        auto p2 = p1;
        p2.source = "c.c";
        auto c = link::correlate({o, o}, {p1, p2});
        CHECK(!c.refusals.empty());
    }
}

TEST_SUITE("link.anchors")
{
    TEST_CASE("section class strips the per-symbol suffix")
    {
        CHECK(fp::section_class(".text.foo", "foo") == ".text");
        CHECK(fp::section_class(".text.unlikely.foo", "foo.cold") == ".text.unlikely");
        CHECK(fp::section_class(".bss.count.0", "count.0") == ".bss");
        CHECK(fp::section_class(".text", "foo") == ".text");
        CHECK(fp::section_class(".data..read_mostly.x", "x") == ".data..read_mostly");
        CHECK(fp::section_class(".text.foobar", "foo") == ".text.foobar");
    }
}

TEST_SUITE("link.symvers")
{
    TEST_CASE("exports and their exporter")
    {
        auto sv = link::Symvers::parse("0x1234abcd\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n"
                                       "0x00000000\tfoo_bar\tdrivers/foo/foo\tEXPORT_SYMBOL_GPL\tNS\n",
                                       "t");
        CHECK(sv.exporter("printk") == "vmlinux");
        CHECK(sv.exporter("foo_bar") == "drivers/foo/foo");
        CHECK(sv.exporter("kallsyms_lookup_name").empty());
        CHECK_THROWS_AS(link::Symvers::parse("garbage\n", "t"), kpatch::Error);
    }

    TEST_CASE("the exporting module by the name the kernel knows it")
    {
        auto sv = link::Symvers::parse("0x1\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n"
                                       "0x2\tsvc_xprt_put\tnet/sunrpc/sunrpc\tEXPORT_SYMBOL_GPL\t\n"
                                       "0x3\tdm_get\tdrivers/md/dm-mod\tEXPORT_SYMBOL_GPL\t\n",
                                       "t");
        CHECK(sv.is_vmlinux_export("printk"));
        CHECK(!sv.is_vmlinux_export("svc_xprt_put"));
        CHECK(!sv.is_vmlinux_export("kallsyms_lookup_name"));
        CHECK(sv.exporting_module("printk").empty());
        CHECK(sv.exporting_module("svc_xprt_put") == "sunrpc");
        CHECK(sv.exporting_module("dm_get") == "dm_mod");
        CHECK(sv.exporting_module("nothing").empty());
    }
}
