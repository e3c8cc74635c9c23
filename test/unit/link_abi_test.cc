// SPDX-License-Identifier: GPL-2.0
//
// Tests of the ABI encoding (linker/abi_emit.cc): a hand-made Model is
// written through the ELF writer, read back with the ELF reader, and the
// structures of include/kpatch/abi.h are checked field by field,
// including which field carries which relocation.
#include <doctest/doctest.h>

#include <elf.h>
#include <unistd.h>

#include <cstring>

#include "abi_emit.h"
#include "elf/object.h"
#include "elf/writer.h"
#include "kpatch/abi.h"

using namespace kpatch;

namespace {

struct Written {
    elf::Object obj;
    const elf::Section &sec(const char *name) const { return *obj.find_section_by_name(name); }
    template <typename T> T at(const char *name, uint64_t off) const
    {
        T v;
        std::memcpy(&v, sec(name).data.data() + off, sizeof v);
        return v;
    }
    // The relocation on field offset of section name: target symbol name + addend.
    std::pair<std::string, int64_t> rela(const char *name, uint64_t off) const
    {
        for (const elf::Rela &r : sec(name).relas)
            if (r.offset == off) {
                CHECK(r.type == R_X86_64_64);
                return {std::string(obj.symbol(r.symbol).name), r.addend};
            }
        return {"<none>", 0};
    }
};

Written build()
{
    elf::Writer w;
    uint32_t text = w.add_section({".text.f", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 16, 0,
                                   std::vector<uint8_t>(32, 0x90), 0, {}});
    uint32_t fsym = w.add_symbol({"f", STT_FUNC, STB_LOCAL, 0, text, 0, 32});
    link::Model m;
    uint32_t ks = m.intern({"f", "vmlinux", {"a", "f", "b"}, 1, 40, {}});
    uint32_t ks2 = m.intern({"g", "vmlinux", {}, 0, 0, {}});
    CHECK(m.intern({"f", "vmlinux", {"a", "f", "b"}, 1, 40, {}}) == ks);
    m.funcs.push_back({fsym, 32, ks, std::vector<uint8_t>(40, 0xcc), {{0, 5}, {10, 14}},
                       KPATCH_FUNC_FORCE_UNSAFE});
    m.dynrelas.push_back({text, 11, R_X86_64_PC32, ks2, -4, 0, "vmlinux"});
    m.hooks.push_back({fsym, "vmlinux", KPATCH_HOOK_LOAD});
    link::Options o;
    o.kernel_release = "6.1.0-56-amd64";
    link::emit_abi(m, o, w);
    char path[] = "/tmp/kpatch-abi-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    w.write(path);
    Written out{elf::Object::open(path)};
    unlink(path);
    return out;
}

}  // namespace

TEST_SUITE("link.abi")
{
    TEST_CASE("the root and its arrays")
    {
        Written w = build();
        const elf::Symbol *root = w.obj.find_symbol_by_name(KPATCH_PATCH_SYMBOL);
        REQUIRE(root);
        CHECK(root->bind == STB_GLOBAL);
        CHECK(root->size == sizeof(kpatch_patch));
        CHECK(w.obj.section(root->shndx).name == KPATCH_SEC_PATCH);
        auto p = w.at<kpatch_patch>(KPATCH_SEC_PATCH, root->value);
        CHECK(p.magic == KPATCH_MAGIC);
        CHECK(p.abi_version == KPATCH_ABI_VERSION);
        CHECK(p.nr_funcs == 1);
        CHECK(p.nr_dynrelas == 1);
        CHECK(p.nr_hooks == 1);
        // Section symbols read back named after their section.
        CHECK(w.rela(KPATCH_SEC_PATCH, offsetof(kpatch_patch, funcs)).first == KPATCH_SEC_FUNCS);
        CHECK(w.rela(KPATCH_SEC_PATCH, offsetof(kpatch_patch, kernel_release)).first ==
              KPATCH_SEC_STRINGS);
        auto rel = w.rela(KPATCH_SEC_PATCH, offsetof(kpatch_patch, kernel_release));
        const auto &strings = w.sec(KPATCH_SEC_STRINGS);
        CHECK(std::string(reinterpret_cast<const char *>(strings.data.data()) + rel.second) ==
              "6.1.0-56-amd64");
    }

    TEST_CASE("a function entry points at its replacement, symbol, code and masks")
    {
        Written w = build();
        CHECK(w.sec(KPATCH_SEC_FUNCS).size == sizeof(kpatch_func));
        auto f = w.at<kpatch_func>(KPATCH_SEC_FUNCS, 0);
        CHECK(f.new_size == 32);
        CHECK(f.nr_masks == 2);
        CHECK(f.flags == KPATCH_FUNC_FORCE_UNSAFE);
        CHECK(w.rela(KPATCH_SEC_FUNCS, offsetof(kpatch_func, new_addr)).first == "f");
        CHECK(w.sec(KPATCH_SEC_ORIG).size == 40);
        auto m1 = w.at<kpatch_mask>(KPATCH_SEC_MASKS, sizeof(kpatch_mask));
        CHECK(m1.offset == 10);
        CHECK(m1.len == 4);
    }

    TEST_CASE("symbols carry anchors, dynrelas point at a symbol")
    {
        Written w = build();
        CHECK(w.sec(KPATCH_SEC_SYMBOLS).size == 2 * sizeof(kpatch_symbol));
        auto s = w.at<kpatch_symbol>(KPATCH_SEC_SYMBOLS, 0);
        CHECK(s.nr_anchors == 3);
        CHECK(s.anchor_self == 1);
        CHECK(s.size == 40);
        // Three names and the terminating zero.
        CHECK(w.sec(KPATCH_SEC_ANCHORS).size == 4 * 8);
        auto g = w.at<kpatch_symbol>(KPATCH_SEC_SYMBOLS, sizeof(kpatch_symbol));
        CHECK(g.nr_anchors == 0);
        CHECK(w.rela(KPATCH_SEC_SYMBOLS, sizeof(kpatch_symbol) + offsetof(kpatch_symbol, anchors))
                  .first == "<none>");
        auto d = w.at<kpatch_dynrela>(KPATCH_SEC_DYNRELAS, 0);
        CHECK(d.type == R_X86_64_PC32);
        CHECK(d.addend == -4);
        auto dest = w.rela(KPATCH_SEC_DYNRELAS, offsetof(kpatch_dynrela, dest));
        CHECK(dest.second == 11);
        auto sym = w.rela(KPATCH_SEC_DYNRELAS, offsetof(kpatch_dynrela, symbol));
        CHECK(sym.second == sizeof(kpatch_symbol));
        auto h = w.at<kpatch_hook>(KPATCH_SEC_HOOKS, 0);
        CHECK(h.kind == KPATCH_HOOK_LOAD);
    }
}
