// SPDX-License-Identifier: GPL-2.0
//
// Tests of the builder's decisions (linker/builder.cc) through link::link()
// on small synthetic objects (synthetic_object.h) written to a temporary
// directory, the output read back with lib/elf (linked_patch.h): what is
// copied, how each relocation is classified, which special-section entries
// are kept, and how refusals and malformed input are reported.  No kernel
// tree, no compiler.  Module-export classification is not covered here.
#include <doctest/doctest.h>

#include <elf.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "kpatch/abi.h"
#include "link.h"
#include "linked_patch.h"
#include "plan.h"
#include "synthetic_object.h"

using namespace kpatch;
using test::Code;
using test::ObjectSpec;

namespace {

// A temporary directory holding one link: the objects, Module.symvers and
// the output.
class Workspace {
public:
    Workspace()
    {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "kpatch-builder-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("cannot create a temporary directory");
        dir_ = tmpl;
    }
    ~Workspace() { std::filesystem::remove_all(dir_); }

    std::string path(const std::string &name) const { return dir_ + "/" + name; }

    // The target kernel's Module.symvers lists these vmlinux exports.
    void exports(const std::vector<std::string> &names)
    {
        std::ofstream out(path("Module.symvers"));
        for (const std::string &n : names)
            out << "0x00000000\t" << n << "\tvmlinux\tEXPORT_SYMBOL\t\n";
        symvers_ = path("Module.symvers");
    }

    link::Report link(const ObjectSpec &orig, const ObjectSpec &patched,
                      const std::string &object = "vmlinux")
    {
        test::write_object(orig, path("orig.o"));
        test::write_object(patched, path("patched.o"));
        link::Options o;
        o.pairs.push_back({path("orig.o"), path("patched.o"), object, ""});
        o.output = path("patch.o");
        o.symvers = symvers_;
        o.kernel_release = "6.1.0-test-amd64";
        return link::link(o);
    }

    // The message of the kpatch::Error the link throws ("" if it succeeds).
    std::string refusal(const ObjectSpec &orig, const ObjectSpec &patched)
    {
        try {
            link(orig, patched);
        } catch (const kpatch::Error &e) {
            return e.what();
        }
        return "";
    }

    test::LinkedPatch output() const { return test::LinkedPatch(path("patch.o")); }

private:
    std::string dir_;
    std::string symvers_;
};

std::vector<uint8_t> zeros(size_t n)
{
    return std::vector<uint8_t>(n, 0);
}

// The original demo.c:
//   static int before, counter, after;
//   static int helper(void) { return counter; }
//   int api(void);        (exported when a test says so)
//   int internal(void);   (never exported)
//   int target(void) { return helper(); }     what the patches change
//   int untouched(void) { return api(); }
ObjectSpec demo()
{
    ObjectSpec s;
    s.functions = {
        {.name = "helper", .code = Code().load_section(".bss.counter").ret(), .global = false},
        {.name = "api", .code = Code().nops(3).ret()},
        {.name = "internal", .code = Code().nops(5).ret()},
        {.name = "target", .code = Code().call("helper").ret()},
        {.name = "untouched", .code = Code().call("api").ret()},
    };
    s.variables = {
        {.name = "before", .section = ".bss.before", .bytes = zeros(4)},
        {.name = "counter", .section = ".bss.counter", .bytes = zeros(4)},
        {.name = "after", .section = ".bss.after", .bytes = zeros(4)},
    };
    return s;
}

// The patched build of fn: new code, so a new final-RTL hash.
void change(ObjectSpec &s, const std::string &fn, const Code &code)
{
    s.function(fn).code = code;
    s.function(fn).hash += 100;
}

// Where the relocated field at `offset` of patched function fn is in the output.
uint64_t site(const test::LinkedPatch &out, const std::string &fn, uint64_t offset)
{
    const elf::Symbol *s = out.defined(fn);
    REQUIRE(s);
    return s->value + offset;
}

std::optional<test::Relocation> relocation_at(const test::LinkedPatch &out,
                                              const std::string &section, uint64_t offset)
{
    for (const test::Relocation &r : out.relocations(section))
        if (r.offset == offset)
            return r;
    return std::nullopt;
}

std::optional<test::DynamicRelocation> dynrela_to(const test::LinkedPatch &out,
                                                  const std::string &symbol)
{
    for (const test::DynamicRelocation &d : out.dynrelas())
        if (d.symbol == symbol)
            return d;
    return std::nullopt;
}

// The refusal names the patched object, the symbol and the section.
void check_names(const std::string &msg, const Workspace &ws, const std::string &symbol,
                 const std::string &section)
{
    INFO(msg);
    CHECK(msg.starts_with(ws.path("patched.o") + ": "));
    CHECK(msg.find("'" + symbol + "'") != std::string::npos);
    CHECK(msg.find("(" + section + ")") != std::string::npos);
}

}  // namespace

TEST_SUITE("link.builder.copy")
{
    TEST_CASE("a changed function is copied and replaces its original, unchanged ones are not")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "target", Code().nops(1).call("helper").ret());
        link::Report report = ws.link(orig, patched);
        auto out = ws.output();

        REQUIRE(out.defined("target"));
        for (const char *unchanged : {"helper", "api", "internal", "untouched"})
            CHECK_MESSAGE(!out.defined(unchanged), unchanged);
        CHECK_FALSE(out.section(".text.untouched"));
        const elf::Section *text = out.section(".text.target");
        REQUIRE(text);
        const auto &code = patched.function("target").code.bytes;
        uint64_t at = out.defined("target")->value;
        REQUIRE(at + code.size() <= text->data.size());
        CHECK(std::equal(code.begin(), code.end(), text->data.begin() + at));

        // The replacement follows the int3 entry pad kpatch.ko writes its stub into.
        CHECK(at == KPATCH_ENTRY_PAD);
        CHECK(std::all_of(text->data.begin(), text->data.begin() + KPATCH_ENTRY_PAD,
                          [](uint8_t b) { return b == 0xcc; }));

        auto funcs = out.functions();
        REQUIRE(funcs.size() == 1);
        CHECK(funcs[0].original == "target");
        CHECK(funcs[0].replacement == "target");
        CHECK(funcs[0].flags == KPATCH_FUNC_ENTRY_PAD);
        REQUIRE(report.functions.size() == 1);
        CHECK(report.functions[0].symbol == "target");
        CHECK_FALSE(report.functions[0].is_new);
    }

    TEST_CASE("a new function is copied, called as an ordinary relocation, and replaces nothing")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        patched.functions.push_back({.name = "fresh", .code = Code().nops(2).ret()});
        change(patched, "target", Code().call("fresh").ret());
        link::Report report = ws.link(orig, patched);
        auto out = ws.output();

        REQUIRE(out.defined("fresh"));
        CHECK(out.defined("fresh")->value == 0);  // nothing redirects to it: no entry pad
        auto call = relocation_at(out, ".text.target", site(out, "target", 1));
        REQUIRE(call);
        CHECK(call->symbol == "fresh");
        CHECK(call->defined);
        CHECK(call->type == R_X86_64_PLT32);
        CHECK(call->addend == -4);
        CHECK(out.dynrelas().empty());
        auto funcs = out.functions();
        REQUIRE(funcs.size() == 1);
        CHECK(funcs[0].original == "target");
        REQUIRE(report.functions.size() == 2);
        for (const link::FunctionReport &f : report.functions)
            CHECK_MESSAGE(f.is_new == (f.symbol == "fresh"), f.symbol);
    }

    TEST_CASE("a call to another changed function stays an ordinary relocation to the copy")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "untouched", Code().nops(1).call("api").ret());
        change(patched, "target", Code().call("untouched").ret());
        ws.link(orig, patched);
        auto out = ws.output();

        auto call = relocation_at(out, ".text.target", site(out, "target", 1));
        REQUIRE(call);
        CHECK(call->symbol == "untouched");
        CHECK(call->defined);
        CHECK_FALSE(dynrela_to(out, "untouched"));
        CHECK(out.functions().size() == 2);
    }

    TEST_CASE("a new static variable is copied with its initializer and its relocations")
    {
        Workspace ws;
        ws.exports({"api"});
        ObjectSpec orig = demo(), patched = demo();
        // static struct { int (*get)(void); int (*peek)(void); long max; } limits =
        //     { api, internal, 42 };
        std::vector<uint8_t> init = zeros(24);
        init[16] = 42;
        patched.variables.push_back({.name = "limits",
                                     .section = ".data.limits",
                                     .bytes = init,
                                     .hash = 7,
                                     .refs = {{0, R_X86_64_64, "api", 0},
                                              {8, R_X86_64_64, "internal", 0}}});
        change(patched, "target", Code().load_section(".data.limits", 16).ret());
        ws.link(orig, patched);
        auto out = ws.output();

        const elf::Section *data = out.section(".data.limits");
        REQUIRE(data);
        const elf::Symbol *limits = out.defined("limits");
        REQUIRE(limits);
        CHECK(limits->shndx == data->index);
        REQUIRE(data->data.size() >= limits->value + init.size());
        CHECK(std::equal(init.begin(), init.end(), data->data.begin() + limits->value));

        auto load = relocation_at(out, ".text.target", site(out, "target", 2));
        REQUIRE(load);
        CHECK(load->symbol == "limits");
        CHECK(load->addend == 16 - 4);
        auto get = relocation_at(out, ".data.limits", limits->value);
        REQUIRE(get);
        CHECK(get->symbol == "api");
        CHECK_FALSE(get->defined);
        auto peek = dynrela_to(out, "internal");
        REQUIRE(peek);
        CHECK(peek->section == ".data.limits");
        CHECK(peek->offset == limits->value + 8);
        CHECK(peek->type == R_X86_64_64);
    }
}

TEST_SUITE("link.builder.relocations")
{
    TEST_CASE("a reference to a vmlinux export stays an ordinary relocation against its name")
    {
        Workspace ws;
        ws.exports({"printk", "api"});
        ObjectSpec orig = demo(), patched = demo();
        // printk is defined elsewhere; api in this very file.
        change(patched, "target", Code().call("printk").call("api").ret());
        ws.link(orig, patched);
        auto out = ws.output();

        for (auto [name, offset] : {std::pair{"printk", 1}, std::pair{"api", 6}}) {
            INFO(name);
            auto r = relocation_at(out, ".text.target", site(out, "target", offset));
            REQUIRE(r);
            CHECK(r->symbol == name);
            CHECK_FALSE(r->defined);
            CHECK(r->type == R_X86_64_PLT32);
            CHECK(r->addend == -4);
            CHECK_FALSE(dynrela_to(out, name));
        }
        CHECK_FALSE(out.defined("api"));
    }

    TEST_CASE("a reference to a non-exported global becomes a dynamic relocation by name")
    {
        Workspace ws;
        ws.exports({"printk"});
        ObjectSpec orig = demo(), patched = demo();
        // internal is defined in this file, kallsyms_lookup_name elsewhere.
        change(patched, "target", Code().call("internal").call("kallsyms_lookup_name").ret());
        ws.link(orig, patched);
        auto out = ws.output();

        for (auto [name, offset] : {std::pair{"internal", 1}, std::pair{"kallsyms_lookup_name", 6}}) {
            INFO(name);
            CHECK_FALSE(relocation_at(out, ".text.target", site(out, "target", offset)));
            auto d = dynrela_to(out, name);
            REQUIRE(d);
            CHECK(d->section == ".text.target");
            CHECK(d->offset == site(out, "target", offset));
            CHECK(d->type == R_X86_64_PLT32);
            CHECK(d->addend == -4);
            CHECK(d->object == "vmlinux");
            CHECK(d->anchors.empty());
            CHECK(d->flags == 0);
        }
        CHECK(out.dynrelas().size() == 2);
    }

    TEST_CASE("a reference to a static becomes a dynamic relocation with its anchors")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "target", Code().call("helper").load_section(".bss.counter").ret());
        ws.link(orig, patched);
        auto out = ws.output();

        auto counter = dynrela_to(out, "counter");
        REQUIRE(counter);
        CHECK(counter->offset == site(out, "target", 7));
        CHECK(counter->type == R_X86_64_PC32);
        CHECK(counter->addend == -4);
        CHECK(counter->object == "vmlinux");
        CHECK(counter->anchors == std::vector<std::string>{"before", "counter", "after"});
        CHECK(counter->anchor_self == 1);
        CHECK_FALSE(out.section(".bss.counter"));
        CHECK_FALSE(relocation_at(out, ".text.target", site(out, "target", 7)));

        auto helper = dynrela_to(out, "helper");
        REQUIRE(helper);
        CHECK(helper->offset == site(out, "target", 1));
        CHECK(helper->anchors == std::vector<std::string>{"helper", "api", "internal"});
        CHECK(helper->anchor_self == 0);
        CHECK_FALSE(out.defined("helper"));
    }

    TEST_CASE("a static of a module is looked up in that module")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "target", Code().load_section(".bss.counter").ret());
        ws.link(orig, patched, "demo_mod");
        auto out = ws.output();

        auto counter = dynrela_to(out, "counter");
        REQUIRE(counter);
        CHECK(counter->object == "demo_mod");
        CHECK(counter->anchors == std::vector<std::string>{"before", "counter", "after"});
    }
}

namespace {

// __ex_table entry (struct exception_table_entry: insn, fixup, data) for a
// fault at `insn` of function section `text`, fixed up at `fixup`.
void add_extable_entry(ObjectSpec &s, const std::string &text, int64_t insn, int64_t fixup,
                       uint8_t data)
{
    test::RawSection &ex = s.section("__ex_table");
    uint64_t at = ex.bytes.size();
    ex.bytes.resize(at + 12);
    ex.bytes[at + 8] = data;
    ex.refs.push_back({at, R_X86_64_PC32, text, insn, true});
    ex.refs.push_back({at + 4, R_X86_64_PC32, text, fixup, true});
}

// __bug_table entry (struct bug_entry: bug_addr, file, line, flags) for a
// BUG() at `addr` of function section `text`, in the file named at
// `file` of .rodata.str1.1.
void add_bug_entry(ObjectSpec &s, const std::string &text, int64_t addr, int64_t file,
                   uint16_t line)
{
    test::RawSection &bug = s.section("__bug_table");
    uint64_t at = bug.bytes.size();
    bug.bytes.resize(at + 12);
    bug.bytes[at + 8] = line & 0xff;
    bug.bytes[at + 9] = line >> 8;
    bug.refs.push_back({at, R_X86_64_PC32, text, addr, true});
    bug.refs.push_back({at + 4, R_X86_64_PC32, ".rodata.str1.1", file, true});
}

}  // namespace

TEST_SUITE("link.builder.specials")
{
    TEST_CASE("__ex_table keeps exactly the entries of copied functions")
    {
        Workspace ws;
        auto with_extable = [] {
            ObjectSpec s = demo();
            s.sections.push_back({.name = "__ex_table", .flags = SHF_ALLOC, .align = 4});
            add_extable_entry(s, ".text.untouched", 0, 5, 5);  // first: offsets must move
            add_extable_entry(s, ".text.target", 0, 5, 3);
            return s;
        };
        ObjectSpec orig = with_extable(), patched = with_extable();
        change(patched, "target", Code().call("helper").nops(1).ret());
        ws.link(orig, patched);
        auto out = ws.output();

        const elf::Section *ex = out.section("__ex_table");
        REQUIRE(ex);
        REQUIRE(ex->size == 12);
        CHECK(ex->data[8] == 3);
        auto insn = relocation_at(out, "__ex_table", 0);
        auto fixup = relocation_at(out, "__ex_table", 4);
        REQUIRE(insn);
        REQUIRE(fixup);
        CHECK(insn->symbol == ".text.target");
        CHECK(insn->addend == static_cast<int64_t>(site(out, "target", 0)));
        CHECK(fixup->symbol == ".text.target");
        CHECK(fixup->addend == static_cast<int64_t>(site(out, "target", 5)));
        CHECK(out.relocations("__ex_table").size() == 2);
    }

    TEST_CASE("__bug_table keeps the entry of the copied function and its file name")
    {
        Workspace ws;
        auto with_bugs = [] {
            ObjectSpec s = demo();
            std::string names("other.c\0demo.c\0", 15);
            s.sections.push_back({.name = ".rodata.str1.1",
                                  .flags = SHF_ALLOC | SHF_MERGE | SHF_STRINGS,
                                  .entsize = 1,
                                  .bytes = std::vector<uint8_t>(names.begin(), names.end())});
            s.sections.push_back(
                {.name = "__bug_table", .flags = SHF_ALLOC | SHF_WRITE, .align = 4});
            add_bug_entry(s, ".text.untouched", 0, 0, 7);
            add_bug_entry(s, ".text.target", 5, 8, 42);
            return s;
        };
        ObjectSpec orig = with_bugs(), patched = with_bugs();
        change(patched, "target", Code().call("helper").nops(1).ret());
        ws.link(orig, patched);
        auto out = ws.output();

        const elf::Section *bug = out.section("__bug_table");
        REQUIRE(bug);
        REQUIRE(bug->size == 12);
        CHECK(bug->data[8] == 42);
        auto addr = relocation_at(out, "__bug_table", 0);
        REQUIRE(addr);
        CHECK(addr->symbol == ".text.target");
        CHECK(addr->addend == static_cast<int64_t>(site(out, "target", 5)));
        auto file = relocation_at(out, "__bug_table", 4);
        REQUIRE(file);
        const elf::Section *strings = out.section(file->symbol);
        REQUIRE(strings);
        REQUIRE(file->addend >= 0);
        CHECK(std::string(reinterpret_cast<const char *>(strings->data.data()) + file->addend) ==
              "demo.c");
    }
}

TEST_SUITE("link.builder.orc")
{
    TEST_CASE("ORC entries follow the copied function, and its entry stub gets the first one")
    {
        Workspace ws;
        // One .orc_unwind_ip entry per ORC state change, each with its
        // struct orc_entry (6 bytes) in .orc_unwind at the same index.
        auto with_orc = [] {
            ObjectSpec s = demo();
            std::vector<uint8_t> orc;
            for (uint8_t state : {0xa1, 0xb2, 0xc3})
                orc.insert(orc.end(), 6, state);
            s.sections.push_back({.name = ".orc_unwind_ip",
                                  .flags = SHF_ALLOC,
                                  .align = 4,
                                  .bytes = zeros(12),
                                  .refs = {{0, R_X86_64_PC32, ".text.untouched", 0, true},
                                           {4, R_X86_64_PC32, ".text.target", 0, true},
                                           {8, R_X86_64_PC32, ".text.target", 5, true}}});
            s.sections.push_back(
                {.name = ".orc_unwind", .flags = SHF_ALLOC, .align = 2, .bytes = orc});
            return s;
        };
        ObjectSpec orig = with_orc(), patched = with_orc();
        change(patched, "target", Code().call("helper").nops(1).ret());
        ws.link(orig, patched);
        auto out = ws.output();

        // Output entry by entry: the code address it covers -> its ORC state.
        const elf::Section *orc = out.section(".orc_unwind");
        REQUIRE(orc);
        std::map<int64_t, uint8_t> states;
        for (const test::Relocation &r : out.relocations(".orc_unwind_ip")) {
            CHECK(r.symbol == ".text.target");
            REQUIRE(r.offset / 4 * 6 < orc->data.size());
            states[r.addend] = orc->data[r.offset / 4 * 6];
        }
        int64_t target = static_cast<int64_t>(site(out, "target", 0));
        int64_t stub = target - 4;  // add $8,%rsp, the last bytes of the entry pad
        CHECK(states == std::map<int64_t, uint8_t>{{stub, 0xb2}, {target, 0xb2}, {target + 5, 0xc3}});
        CHECK(orc->size == 3 * 6);
    }
}

TEST_SUITE("link.builder.refusals")
{
    TEST_CASE("a reference to __init code is refused, naming file, symbol and section")
    {
        Workspace ws;
        auto with_init = [] {
            ObjectSpec s = demo();
            s.functions.push_back({.name = "setup",
                                   .code = Code().nops(4).ret(),
                                   .global = false,
                                   .section = ".init.text"});
            return s;
        };
        ObjectSpec orig = with_init(), patched = with_init();
        change(patched, "target", Code().call("setup").ret());
        std::string msg = ws.refusal(orig, patched);
        check_names(msg, ws, "setup", ".init.text");
        CHECK(msg.find("__init") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(ws.path("patch.o")));

        // Found only while building, still one per unit, each naming its
        // unit as the caller named it (Pair::source).
        link::Options o;
        o.pairs.push_back({.original = ws.path("orig.o"), .patched = ws.path("patched.o"),
                           .source = "fs/a.c"});
        o.pairs.push_back({.original = ws.path("orig.o"), .patched = ws.path("patched.o"),
                           .source = "fs/b.c"});
        o.output = ws.path("patch.o");
        link::Plan plan = link::plan(o);
        CHECK(plan.refusals.empty());
        std::vector<kpatch::Diagnostic> all;
        try {
            link::build(plan);
        } catch (const kpatch::Error &e) {
            all = e.diagnostics();
        }
        REQUIRE(all.size() == 2);
        CHECK(all[0].file == "fs/a.c");
        CHECK(all[0].symbol == "setup");
        CHECK(all[0].section == ".init.text");
        CHECK(all[1].file == "fs/b.c");
        CHECK_FALSE(std::filesystem::exists(ws.path("patch.o")));
    }

    TEST_CASE("a 32-bit absolute reference to a non-exported symbol is refused")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "target", Code().load_abs32("internal").ret());
        std::string msg = ws.refusal(orig, patched);
        check_names(msg, ws, "internal", ".text.target");
        CHECK(msg.find("cannot be a dynamic relocation") != std::string::npos);
    }

    TEST_CASE("a changed function sharing its section with another is taken alone")
    {
        // As in .sched.text: the neighbour stays in the running kernel.
        Workspace ws;
        auto one_text = [] {
            ObjectSpec s = demo();
            s.function("target").section = ".text";
            s.function("untouched").section = ".text";
            return s;
        };
        ObjectSpec orig = one_text(), patched = one_text();
        change(patched, "target", Code().nops(1).call("helper").ret());
        ws.link(orig, patched);
        auto out = ws.output();
        auto fns = out.functions();
        REQUIRE(fns.size() == 1);
        CHECK(fns[0].original == "target");
        CHECK(out.defined("target"));
        CHECK_FALSE(out.defined("untouched"));
    }

    TEST_CASE("changed data is refused, naming file, symbol and section")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        patched.variable("after").hash = 9;
        change(patched, "target", Code().nops(1).call("helper").ret());
        std::string msg = ws.refusal(orig, patched);
        check_names(msg, ws, "after", ".bss.after");
        CHECK(msg.find("shadow variable") != std::string::npos);
    }
}

TEST_SUITE("link.builder.malformed")
{
    TEST_CASE("a variable symbol running past its section is refused")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        patched.variables.push_back(
            {.name = "limits", .section = ".data.limits", .bytes = zeros(8), .hash = 7});
        patched.variable("limits").symbol_size = 64;
        change(patched, "target", Code().load_section(".data.limits").ret());
        std::string msg = ws.refusal(orig, patched);
        INFO(msg);
        CHECK(msg.starts_with(ws.path("patched.o") + ": "));
        CHECK(msg.find("'limits'") != std::string::npos);
        CHECK(msg.find("'.data.limits'") != std::string::npos);
        CHECK(msg.find("past the end of its section") != std::string::npos);
    }

    TEST_CASE("a special section without contents (SHT_NOBITS) is refused, not read")
    {
        // .orc_unwind as SHT_NOBITS: its entries would be read from bytes
        // the object does not have (this crashed the builder once).
        Workspace ws;
        auto with_empty_orc = [] {
            ObjectSpec s = demo();
            s.sections.push_back({.name = ".orc_unwind_ip",
                                  .flags = SHF_ALLOC,
                                  .align = 4,
                                  .bytes = zeros(4),
                                  .refs = {{0, R_X86_64_PC32, ".text.target", 0, true}}});
            s.sections.push_back({.name = ".orc_unwind",
                                  .type = SHT_NOBITS,
                                  .flags = SHF_ALLOC,
                                  .align = 2,
                                  .bytes = zeros(6)});
            return s;
        };
        ObjectSpec orig = with_empty_orc(), patched = with_empty_orc();
        change(patched, "target", Code().call("helper").ret());
        std::string msg = ws.refusal(orig, patched);
        CHECK(msg.find("'.orc_unwind'") != std::string::npos);
        CHECK(msg.find("SHT_NOBITS") != std::string::npos);
    }

    TEST_CASE("a relocation past the end of its section is refused as the object is read")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "target", Code().call("helper").ret());
        patched.function("target").code.refs[0].offset = 100;
        std::string msg = ws.refusal(orig, patched);
        INFO(msg);
        CHECK(msg.starts_with(ws.path("patched.o") + ": "));
        CHECK(msg.find(".rela.text.target") != std::string::npos);
        CHECK(msg.find("outside its section") != std::string::npos);
    }

    TEST_CASE("an 8-byte relocated field running past its function is refused")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        // 7 bytes of code, a 64-bit field at 3: the reader's 4-byte check passes.
        change(patched, "target", Code().nops(6).ret());
        patched.function("target").code.refs.push_back({3, R_X86_64_64, "api", 0});
        std::string msg = ws.refusal(orig, patched);
        INFO(msg);
        CHECK(msg.starts_with(ws.path("patched.o") + ": "));
        CHECK(msg.find("'.text.target'") != std::string::npos);
        CHECK(msg.find("0x3") != std::string::npos);
        CHECK(msg.find("outside its section") != std::string::npos);
    }

    TEST_CASE("an alternative whose replacement runs past its section is refused")
    {
        Workspace ws;
        auto with_alternative = [](uint8_t replacement_len) {
            ObjectSpec s = demo();
            s.sections.push_back({.name = ".altinstr_replacement",
                                  .flags = SHF_ALLOC | SHF_EXECINSTR,
                                  .bytes = {0x0f, 0x1f, 0x44, 0x00, 0x00}});
            // struct alt_instr: instr_offset, repl_offset, cpuid, instrlen, replacementlen
            std::vector<uint8_t> entry = zeros(12);
            entry[10] = 5;
            entry[11] = replacement_len;
            s.sections.push_back({.name = ".altinstructions",
                                  .flags = SHF_ALLOC,
                                  .bytes = entry,
                                  .refs = {{0, R_X86_64_PC32, ".text.target", 0, true},
                                           {4, R_X86_64_PC32, ".altinstr_replacement", 0, true}}});
            return s;
        };
        ObjectSpec orig = with_alternative(5), patched = with_alternative(200);
        change(patched, "target", Code().call("helper").nops(1).ret());
        std::string msg = ws.refusal(orig, patched);
        check_names(msg, ws, ".altinstructions", ".altinstr_replacement");
        CHECK(msg.find("points outside") != std::string::npos);
    }

    TEST_CASE("fingerprints naming a function the object lacks are refused")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        fp::TranslationUnit record = test::fingerprint_of(patched);
        fp::FunctionRecord ghost = record.functions[0];
        ghost.symbol = ghost.canonical = "ghost";
        record.functions.push_back(ghost);
        patched.record = record;
        std::string msg = ws.refusal(orig, patched);
        INFO(msg);
        CHECK(msg.starts_with(ws.path("patched.o") + ": 'ghost'"));
        CHECK(msg.find("no such function symbol") != std::string::npos);
    }

    TEST_CASE("an object without fingerprints, or with a corrupt record, is refused")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        patched.with_record = false;
        std::string msg = ws.refusal(orig, patched);
        CHECK(msg.starts_with(ws.path("patched.o") +
                              ": section .discard.kpatch_fingerprints: no fingerprint record"));

        // Magic, version 1, then a payload size far past the section's end.
        std::vector<uint8_t> junk = {'K', 'P', 'F', 'P', 1, 0, 0, 0, 0xff, 0xff, 0, 0, 'x'};
        patched.sections.push_back(
            {.name = ".discard.kpatch_fingerprints", .flags = SHF_EXCLUDE, .bytes = junk});
        msg = ws.refusal(orig, patched);
        CHECK(msg.starts_with(ws.path("patched.o") + ": section .discard.kpatch_fingerprints: "));
    }
}

TEST_SUITE("link.plan")
{
    // The plan is what kpatch-build reports; build() makes the module
    // from it.  Whatever the plan lists is what the output holds, and a
    // function excluded by the author is in neither.
    TEST_CASE("the plan's functions are the output's, exclusions are said and left out")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        patched.functions.push_back({.name = "fresh", .code = Code().nops(2).ret()});
        change(patched, "target", Code().call("fresh").ret());
        change(patched, "untouched", Code().nops(2).call("api").ret());
        change(patched, "internal", Code().nops(6).ret());
        // KPATCH_IGNORE_FUNCTION(untouched), KPATCH_IGNORE_SECTION(".text.internal")
        patched.sections.push_back({.name = "kpatch_strings", .flags = SHF_ALLOC,
                                    .bytes = {'.', 't', 'e', 'x', 't', '.', 'i', 'n', 't', 'e',
                                              'r', 'n', 'a', 'l', 0}});
        patched.sections.push_back({.name = KPATCH_IN_IGNORE_FUNCTIONS, .bytes = zeros(8),
                                    .refs = {{.offset = 0, .type = R_X86_64_64,
                                              .target = "untouched"}}});
        patched.sections.push_back({.name = KPATCH_IN_IGNORE_SECTIONS, .bytes = zeros(8),
                                    .refs = {{.offset = 0, .type = R_X86_64_64,
                                              .target = "kpatch_strings",
                                              .section_relative = true}}});
        test::write_object(orig, ws.path("orig.o"));
        test::write_object(patched, ws.path("patched.o"));
        link::Options o;
        o.pairs.push_back({ws.path("orig.o"), ws.path("patched.o"), "vmlinux", ""});
        o.output = ws.path("patch.o");
        o.kernel_release = "6.1.0-test-amd64";
        link::Plan plan = link::plan(o);
        CHECK(plan.refusals.empty());

        std::vector<std::string> planned, replaced;
        for (const link::PlannedFunction &f : link::planned_functions(plan)) {
            planned.push_back(f.symbol);
            if (f.replaced)
                replaced.push_back(f.orig_symbol);
            CHECK(f.why == (f.symbol == "fresh" ? link::Why::New : link::Why::Changed));
        }
        std::sort(planned.begin(), planned.end());
        CHECK(planned == std::vector<std::string>{"fresh", "target"});
        CHECK(replaced == std::vector<std::string>{"target"});
        std::vector<std::string> notes;
        for (const kpatch::Diagnostic &d : link::plan_notes(plan))
            notes.push_back(to_string(d));
        REQUIRE(notes.size() == 2);
        std::sort(notes.begin(), notes.end());
        CHECK(notes[0].find("'internal': changed but excluded by "
                            "KPATCH_IGNORE_SECTION(.text.internal)") != std::string::npos);
        CHECK(notes[1].find("'untouched': changed but excluded by KPATCH_IGNORE_FUNCTION") !=
              std::string::npos);

        link::Report report = link::build(plan);
        std::vector<std::string> built;
        for (const link::FunctionReport &f : report.functions)
            built.push_back(f.symbol);
        std::sort(built.begin(), built.end());
        CHECK(built == planned);
        auto out = ws.output();
        std::vector<std::string> funcs;
        for (const auto &f : out.functions())
            funcs.push_back(f.original);
        CHECK(funcs == replaced);
        CHECK_FALSE(out.defined("untouched"));
        CHECK_FALSE(out.defined("internal"));
    }

    TEST_CASE("a refusal is in the plan, and build() refuses the plan")
    {
        Workspace ws;
        ObjectSpec orig = demo(), patched = demo();
        change(patched, "target", Code().nops(1).call("helper").ret());
        patched.variable("after").hash = 9;
        test::write_object(orig, ws.path("orig.o"));
        test::write_object(patched, ws.path("patched.o"));
        link::Options o;
        o.pairs.push_back({ws.path("orig.o"), ws.path("patched.o"), "vmlinux", ""});
        o.output = ws.path("patch.o");
        link::Plan plan = link::plan(o);
        REQUIRE(plan.refusals.size() == 1);
        check_names(to_string(plan.refusals[0]), ws, "after", ".bss.after");
        CHECK(link::planned_functions(plan).size() == 1);  // reported all the same
        std::string msg;
        try {
            link::build(plan);
        } catch (const kpatch::Error &e) {
            msg = e.what();
        }
        CHECK(msg == to_string(plan.refusals[0]));
        CHECK_FALSE(std::filesystem::exists(ws.path("patch.o")));
    }
}
