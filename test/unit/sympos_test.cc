// SPDX-License-Identifier: GPL-2.0
//
// Tests of livepatch positions (linker/sympos.h) on small hand-made
// symbol tables, a System.map and a synthetic module: a unique name is 0,
// duplicates are told apart by anchors or a reference site, the rest is
// refused with the symbol, its object, the candidates and what to do.
#include <doctest/doctest.h>

#include <elf.h>

#include <numeric>

#include "elf/object.h"
#include "elf/writer.h"
#include "link.h"
#include "scratch_tree.h"
#include "sympos.h"

using namespace kpatch;
using link::KSymbol;
using link::ObjectSymbols;

namespace {

// vmlinux-like: livepatch's walk and kpatch.ko's stream are the same order.
ObjectSymbols table(std::vector<std::string> names)
{
    ObjectSymbols o{.object = "vmlinux", .source = "test.map", .names = std::move(names)};
    for (size_t i = 0; i < o.names.size(); i++)
        o.addrs.push_back(0x1000 + 0x10 * i);
    o.stream.resize(o.names.size());
    std::iota(o.stream.begin(), o.stream.end(), 0);
    return o;
}

KSymbol sym(std::string name, std::vector<std::string> anchors = {}, uint32_t self = 0)
{
    return KSymbol{.name = std::move(name), .object = "vmlinux", .anchors = std::move(anchors),
                   .anchor_self = self, .size = 0, .ref = std::nullopt};
}

std::string refusal(const ObjectSymbols &o, const KSymbol &k,
                    std::optional<uint64_t> ref = std::nullopt)
{
    try {
        link::choose(o, k, ref);
    } catch (const kpatch::Error &e) {
        return e.what();
    }
    return "(no error)";
}

// A module whose symbol table order differs from its address order once
// loaded: .data's symbols come first in the symtab, but the loader puts
// .rodata before .data.  .modinfo and .init.text symbols are not kept.
void write_module(const std::string &path)
{
    elf::Writer w;
    auto sec = [&](std::string name, uint64_t flags) {
        return w.add_section({.name = std::move(name), .type = SHT_PROGBITS, .flags = flags,
                              .align = 16, .entsize = 0, .bytes = std::vector<uint8_t>(0x30),
                              .nobits_size = 0, .relas = {}});
    };
    uint32_t text = sec(".text", SHF_ALLOC | SHF_EXECINSTR);
    uint32_t init = sec(".init.text", SHF_ALLOC | SHF_EXECINSTR);
    uint32_t rodata = sec(".rodata", SHF_ALLOC);
    uint32_t data = sec(".data", SHF_ALLOC | SHF_WRITE);
    uint32_t modinfo = sec(".modinfo", SHF_ALLOC);
    auto add = [&](std::string name, uint8_t type, uint32_t section, uint64_t value) {
        w.add_symbol({.name = std::move(name), .type = type, .bind = STB_LOCAL, .other = 0,
                      .section = section, .value = value, .size = 0x10});
    };
    add("d_before", STT_OBJECT, data, 0);
    add("state", STT_OBJECT, data, 0x10);
    add("d_after", STT_OBJECT, data, 0x20);
    add("r_before", STT_OBJECT, rodata, 0);
    add("state", STT_OBJECT, rodata, 0x10);
    add("r_after", STT_OBJECT, rodata, 0x20);
    add("state", STT_OBJECT, modinfo, 0);
    add("tick", STT_FUNC, init, 0);
    add("tick", STT_FUNC, text, 0);
    add("f_after", STT_FUNC, text, 0x10);
    w.write(path);
}

KSymbol modsym(std::string name, std::vector<std::string> anchors = {}, uint32_t self = 0)
{
    KSymbol k = sym(std::move(name), std::move(anchors), self);
    k.object = "demo";
    return k;
}

}  // namespace

TEST_SUITE("sympos")
{
    TEST_CASE("a name that occurs once is position 0")
    {
        ObjectSymbols o = table({"a", "x", "b", "y"});
        CHECK(link::choose(o, sym("x"), std::nullopt).pos == 0);
        CHECK(link::choose(o, sym("x", {"a", "x", "b"}, 1), std::nullopt).pos == 0);
    }

    TEST_CASE("duplicates are told apart by their anchors, ranked in walk order")
    {
        ObjectSymbols o = table({"a", "x", "b", "c", "x", "d", "e", "x", "f"});
        CHECK(link::choose(o, sym("x", {"a", "x", "b"}, 1), std::nullopt).pos == 1);
        CHECK(link::choose(o, sym("x", {"c", "x", "d"}, 1), std::nullopt).pos == 2);
        CHECK(link::choose(o, sym("x", {"e", "x", "f"}, 1), std::nullopt).pos == 3);
        // Only neighbours before, or only after: the others need not be there.
        CHECK(link::choose(o, sym("x", {"d", "e", "x"}, 2), std::nullopt).pos == 3);
        // Forward-only anchors also fit every earlier occurrence within the window.
        CHECK(refusal(o, sym("x", {"x", "d"}, 0)).find("2 of its 3") != std::string::npos);
        // A subsequence: a symbol kallsyms has between the anchors does not break it.
        CHECK(link::choose(o, sym("x", {"a", "x", "c"}, 1), std::nullopt).pos == 1);
    }

    TEST_CASE("anchors count only within kpatch.ko's window of 64 names")
    {
        std::vector<std::string> names{"far", "x"};
        for (int i = 0; i < 64; i++)
            names.push_back("pad" + std::to_string(i));
        names.push_back("near");
        names.push_back("x");
        ObjectSymbols o = table(names);
        // After the first x: pad63 is the 64th name, near the 65th.
        CHECK(link::choose(o, sym("x", {"x", "pad63"}, 0), std::nullopt).pos == 1);
        CHECK(refusal(o, sym("x", {"x", "near"}, 0)).find("none of its 2") != std::string::npos);
        // Before the second x: pad1 is the 64th name back, pad0 the 65th.
        CHECK(link::choose(o, sym("x", {"pad1", "x"}, 1), std::nullopt).pos == 2);
        CHECK(refusal(o, sym("x", {"pad0", "x"}, 1)).find("none of its 2") != std::string::npos);
    }

    TEST_CASE("duplicates the anchors cannot separate are refused, naming them")
    {
        ObjectSymbols o = table({"a", "x", "b", "a", "x", "b", "y", "x"});
        std::string err = refusal(o, sym("x", {"a", "x", "b"}, 1));
        CHECK(err ==
              "test.map: 'x' (vmlinux): 2 of its 3 occurrences (#1 at 0x1010, #4 at 0x1040) have "
              "the anchors a [x] b; livepatch cannot be told which: make the patch use a static "
              "of its own, or use the kpatch format");
        // A global has no anchors: two of one name are ambiguous.
        CHECK(refusal(o, sym("x")).find("3 of its 3 occurrences") != std::string::npos);
        // With a reference site that could not be read, the message says what would read it.
        KSymbol k = sym("x", {"a", "x", "b"}, 1);
        k.ref = link::RefSite{};
        CHECK(refusal(o, k).find("reference site could not be read; give the stock image") !=
              std::string::npos);
    }

    TEST_CASE("a reference site's address picks the occurrence")
    {
        ObjectSymbols o = table({"a", "x", "b", "a", "x", "b"});
        CHECK(link::choose(o, sym("x", {"a", "x", "b"}, 1), 0x1040).pos == 2);
        CHECK(link::choose(o, sym("x", {"a", "x", "b"}, 1), 0x1010).pos == 1);
        // An address that is none of them: the anchors decide, as in kpatch.ko.
        CHECK(refusal(o, sym("x", {"a", "x", "b"}, 1), 0x1020).find("2 of its 2") !=
              std::string::npos);
    }

    TEST_CASE("a name the object lacks, or whose anchors nothing has, is refused")
    {
        ObjectSymbols o = table({"a", "x", "b"});
        CHECK(refusal(o, sym("gone")) ==
              "test.map: 'gone' (vmlinux): not among the object's kallsyms; the patch was built "
              "for other code: check the kernel release and the module");
        CHECK(refusal(o, sym("x", {"q", "x", "b"}, 1)) ==
              "test.map: 'x' (vmlinux): none of its 1 occurrences (#1 at 0x1010) has the anchors "
              "q [x] b; the original objects differ from the stock kernel: rebuild against its "
              "exact source and configuration");
    }

    TEST_CASE("vmlinux from a System.map, but Debian's placeholder alone is refused")
    {
        ScratchTree t("sympos-map");
        t.write("System.map", "ffffffff81000000 T _text\n"
                              "ffffffff81000100 t helper\n"
                              "ffffffff81000200 t x\n"
                              "ffffffff81000300 t other\n"
                              "ffffffff81000400 t x\n"
                              "ffffffff81000500 t last\n");
        link::Model m;
        m.ksyms.push_back(sym("x", {"other", "x", "last"}, 1));
        m.ksyms.push_back(sym("helper"));
        link::Sympos sp({.system_map = (t.root / "System.map").string(), .image = {},
                         .modules = {}, .cache_dir = {},
                         .release = {}, .modules_root = {}});
        CHECK(sp.position(m, 0) == 2);
        CHECK(sp.position(m, 1) == 0);

        t.write("placeholder", "ffffffffffffffff B The real System.map is in the "
                               "linux-image-<version>-dbg package\n");
        link::Sympos none({.system_map = (t.root / "placeholder").string(), .image = {},
                           .modules = {}, .cache_dir = {},
                         .release = {}, .modules_root = {}});
        CHECK_THROWS_WITH_AS(none.position(m, 1),
                             doctest::Contains("give /boot/vmlinuz-RELEASE"), kpatch::Error);
    }

    TEST_CASE("a module: positions in symtab order, anchors in load-address order")
    {
        ScratchTree t("sympos-module");
        std::filesystem::create_directories(t.root);
        std::string ko = (t.root / "demo.ko").string();
        write_module(ko);
        link::Model m;
        m.ksyms.push_back(modsym("state", {"d_before", "state", "d_after"}, 1));
        m.ksyms.push_back(modsym("state", {"r_before", "state", "r_after"}, 1));
        // Across the .rodata -> .data boundary: only the loaded layout has this order.
        m.ksyms.push_back(modsym("state", {"r_after", "d_before", "state", "d_after"}, 2));
        m.ksyms.push_back(modsym("f_after"));
        m.ksyms.push_back(modsym("tick", {"tick", "f_after"}, 0));
        link::Sympos sp({.system_map = {}, .image = {}, .modules = {{"demo", ko}}, .cache_dir = {},
                         .release = {}, .modules_root = {}});
        CHECK(sp.position(m, 0) == 1);
        CHECK(sp.position(m, 1) == 2);
        CHECK(sp.position(m, 2) == 1);
        CHECK(sp.position(m, 3) == 0);
        // One kept "tick", but livepatch also sees the init one while the module loads.
        CHECK_THROWS_WITH_AS(sp.position(m, 4),
                             doctest::Contains("'tick' (demo): position 0 once the module is live "
                                               "but 2 while it loads"),
                             kpatch::Error);

        m.ksyms.push_back(modsym("state", {}, 0));
        m.ksyms.back().object = "other";
        CHECK_THROWS_WITH_AS(sp.position(m, 5), doctest::Contains("module 'other': no stock .ko"),
                             kpatch::Error);
        link::Sympos missing(
            {.system_map = {}, .image = {}, .modules = {{"other", ko + ".gone"}}, .cache_dir = {},
                         .release = {}, .modules_root = {}});
        CHECK_THROWS_WITH_AS(missing.position(m, 5), doctest::Contains("stock .ko of module 'other'"),
                             kpatch::Error);
    }

    TEST_CASE("the stock .ko of a module: '-' and '_' alike, compressed ones refused")
    {
        ScratchTree t("sympos-modules");
        t.write("R/kernel/drivers/foo/foo-bar.ko", "");
        t.write("R/kernel/fs/zed.ko.xz", "");
        std::string root = t.root.string();
        CHECK(link::stock_module_path("R", "foo_bar", root) ==
              (t.root / "R/kernel/drivers/foo/foo-bar.ko").string());
        CHECK(link::stock_module_path("R", "foo-bar", root) ==
              (t.root / "R/kernel/drivers/foo/foo-bar.ko").string());
        CHECK_THROWS_WITH_AS(link::stock_module_path("R", "zed", root),
                             doctest::Contains("zed.ko.xz is compressed"), kpatch::Error);
        CHECK_THROWS_WITH_AS(link::stock_module_path("R", "none", root),
                             doctest::Contains("module 'none': no none.ko under"), kpatch::Error);
    }

    TEST_CASE("an image that is no bzImage is refused, naming it")
    {
        ScratchTree t("sympos-image");
        t.write("vmlinuz", std::string(4096, 'x'));
        link::Sympos sp({.system_map = {}, .image = (t.root / "vmlinuz").string(), .modules = {},
                         .cache_dir = (t.root / "cache").string(),
                         .release = {}, .modules_root = {}});
        link::Model m;
        m.ksyms.push_back(sym("x"));
        CHECK_THROWS_WITH_AS(sp.position(m, 0),
                             doctest::Contains("vmlinuz: not a bzImage with boot protocol 2.08"),
                             kpatch::Error);
    }
}
