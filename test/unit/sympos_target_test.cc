// SPDX-License-Identifier: GPL-2.0
//
// Livepatch positions on the installed target kernel (KPATCH_TEST_RELEASE):
// its vmlinuz decoded, names that occur many times in its kallsyms told
// apart by anchors and by reference sites found in its own code, and a
// stock module's duplicate statics with anchors made by linker/anchors.cc.
// The expected position is the occurrence's rank in the walk order, known
// here because each symbol is picked by its index first.  Never skipped:
// scripts/install-deps installs the image package on every machine.
#include <doctest/doctest.h>

#include <elf.h>

#include <cstring>
#include <map>
#include <unordered_map>

#include "anchors.h"
#include "elf/object.h"
#include "kernel_image.h"
#include "link.h"
#include "sympos.h"

using namespace kpatch;
using link::KallsymsEntry;
using link::KSymbol;

namespace {

const link::KernelImage &image()
{
    static link::KernelImage img = link::KernelImage::open(KPATCH_TEST_IMAGE, KPATCH_TEST_CACHE);
    return img;
}

bool is_text(char t) { return t == 't' || t == 'T'; }

// The class anchors.cc groups by, as far as kallsyms tells it: the type letter.
char kind(char t) { return static_cast<char>(t | 0x20); }

// Zero-size entries share their address with the next one: no anchors (anchors.h).
bool sized(const std::vector<KallsymsEntry> &ks, size_t i)
{
    return i + 1 < ks.size() && ks[i + 1].addr != ks[i].addr;
}

// anchors.cc's neighbour list for kallsyms entry i: up to two of its kind
// before and after, in address order.
KSymbol anchored(const std::vector<KallsymsEntry> &ks, size_t i)
{
    KSymbol k{.name = ks[i].name, .object = "vmlinux", .anchors = {}, .anchor_self = 0, .size = 0,
              .ref = std::nullopt};
    std::vector<std::string> before;
    for (size_t j = i; j-- > 0 && before.size() < link::kAnchorRadius;)
        if (kind(ks[j].type) == kind(ks[i].type) && sized(ks, j))
            before.insert(before.begin(), ks[j].name);
    k.anchors = before;
    k.anchor_self = static_cast<uint32_t>(before.size());
    k.anchors.push_back(ks[i].name);
    for (size_t j = i + 1; j < ks.size() && k.anchors.size() < k.anchor_self + 1 + link::kAnchorRadius;
         j++)
        if (kind(ks[j].type) == kind(ks[i].type) && sized(ks, j))
            k.anchors.push_back(ks[j].name);
    return k;
}

std::vector<size_t> occurrences(const std::vector<KallsymsEntry> &ks, const std::string &name)
{
    std::vector<size_t> out;
    for (size_t i = 0; i < ks.size(); i++)
        if (ks[i].name == name)
            out.push_back(i);
    return out;
}

link::SymbolSources image_sources()
{
    return {.system_map = "/boot/System.map-" KPATCH_TEST_RELEASE, .image = KPATCH_TEST_IMAGE,
            .modules = {}, .cache_dir = KPATCH_TEST_CACHE,
                         .release = {}, .modules_root = {}};
}

// A function of the .ko whose code refers to s (lea s(%rip): PC32, -4 from
// s; mov $s: 32S), with a name that occurs once: a reference site for s.
struct ModRef {
    const elf::Symbol *func = nullptr;
    uint32_t offset = 0;
    uint32_t type = 0;
    int64_t addend = 0;
};
std::optional<ModRef> module_ref(const elf::Object &obj, const elf::Symbol &s,
                                 std::map<std::string, int> &count)
{
    for (const elf::Section &sec : obj.sections()) {
        if (!sec.is_text())
            continue;
        for (const elf::Rela &r : sec.relas) {
            const elf::Symbol &t = obj.symbol(r.symbol);
            int64_t addend = r.type == R_X86_64_PC32 ? -4 : 0;
            if ((r.type != R_X86_64_PC32 && r.type != R_X86_64_32S) || !t.is_defined() ||
                t.shndx != s.shndx || t.value + r.addend - addend != s.value)
                continue;
            const elf::Symbol *f = obj.find_symbol_containing(sec.index, r.offset);
            if (f && f->type == STT_FUNC && count[std::string(f->name)] == 1)
                return ModRef{f, static_cast<uint32_t>(r.offset - f->value), r.type, addend};
        }
    }
    return std::nullopt;
}

struct Tally {
    int right = 0, refused = 0, wrong = 0;
};

}  // namespace

TEST_SUITE("sympos on the target kernel")
{
    TEST_CASE("the image's kallsyms decode")
    {
        const auto &ks = image().kallsyms();
        REQUIRE(ks.size() > 50000);
        std::vector<size_t> text = occurrences(ks, "_text");
        REQUIRE(text.size() == 1);
        CHECK(ks[text[0]].addr == 0xffffffff81000000);
        CHECK(occurrences(ks, "kallsyms_on_each_symbol").size() == 1);
        CHECK(occurrences(ks, "__already_done.3").size() > 10);
    }

    TEST_CASE("names that occur many times in vmlinux, by anchors")
    {
        const auto &ks = image().kallsyms();
        link::Sympos sp(image_sources());
        for (const char *name : {"_rs.1", "_rs.2", "_rs.3", "type_show", "jhash"}) {
            std::vector<size_t> occ = occurrences(ks, name);
            Tally t;
            for (size_t j = 0; j < occ.size(); j++) {
                link::Model m;
                m.ksyms.push_back(anchored(ks, occ[j]));
                try {
                    uint32_t pos = sp.position(m, 0);
                    (pos == (occ.size() == 1 ? 0 : j + 1) ? t.right : t.wrong)++;
                } catch (const kpatch::Error &e) {
                    CHECK(std::string(e.what()).find("occurrences") != std::string::npos);
                    t.refused++;
                }
            }
            REQUIRE(occ.size() > 1);
            MESSAGE(std::string(name), ": ", occ.size(), " in kallsyms, ", t.right, " placed, ", t.refused,
                    " refused as ambiguous");
            CHECK(t.wrong == 0);
            CHECK(t.right * 2 >= static_cast<int>(occ.size()));
        }
    }

    TEST_CASE("the __already_done flags by reference sites in the image's code")
    {
        const auto &ks = image().kallsyms();
        std::vector<size_t> flags = occurrences(ks, "__already_done.3");
        std::unordered_map<uint64_t, size_t> flag_at;
        for (size_t j = 0; j < flags.size(); j++)
            flag_at[ks[flags[j]].addr] = j;
        std::map<std::string, int> count;
        for (const KallsymsEntry &e : ks)
            count[e.name]++;
        link::Sympos sp(image_sources());
        Tally t;
        int needed_ref = 0;
        std::vector<bool> seen(flags.size());
        for (size_t f = 0; f + 1 < ks.size(); f++) {
            if (!is_text(ks[f].type) || count[ks[f].name] != 1 || ks[f + 1].addr <= ks[f].addr ||
                ks[f + 1].addr - ks[f].addr > 0x10000)
                continue;
            auto code = image().bytes_at(ks[f].addr, ks[f + 1].addr - ks[f].addr);
            if (!code)
                continue;
            // cmpb $0x0, flag(%rip): 80 3d disp32 00, the once-flag test of WARN_ONCE().
            for (size_t o = 0; o + 7 <= code->size(); o++) {
                if ((*code)[o] != 0x80 || (*code)[o + 1] != 0x3d || (*code)[o + 6] != 0)
                    continue;
                int32_t disp;
                std::memcpy(&disp, code->data() + o + 2, 4);
                auto hit = flag_at.find(ks[f].addr + o + 7 + disp);
                if (hit == flag_at.end() || seen[hit->second])
                    continue;
                seen[hit->second] = true;
                link::Model m;
                m.ksyms.push_back({.name = ks[f].name, .object = "vmlinux", .anchors = {},
                                   .anchor_self = 0, .size = 0, .ref = std::nullopt});
                KSymbol flag = anchored(ks, flags[hit->second]);
                flag.ref = link::RefSite{.func_ksym = 0, .offset = static_cast<uint32_t>(o + 2),
                                         .type = R_X86_64_PC32, .addend = -5};
                m.ksyms.push_back(flag);
                uint32_t pos = sp.position(m, 1);
                (pos == hit->second + 1 ? t.right : t.wrong)++;
                flag.ref.reset();
                try {
                    link::choose(link::vmlinux_symbols(ks, "image"), flag, std::nullopt);
                } catch (const kpatch::Error &) {
                    needed_ref++;
                }
            }
        }
        MESSAGE(flags.size(), " __already_done.3 flags, ", t.right,
                " placed by a reference site, ", needed_ref, " of them ambiguous by anchors");
        CHECK(t.wrong == 0);
        CHECK(t.right >= 10);
        CHECK(needed_ref >= 1);
    }

    TEST_CASE("a stock module's duplicate statics, by anchors from linker/anchors.cc and "
              "reference sites in its code")
    {
        std::string ko = link::stock_module_path(KPATCH_TEST_RELEASE, "ext4");
        elf::Object obj = elf::Object::open(ko);
        link::ModuleSymbols kept = link::module_symbols(obj, "ext4");
        std::map<std::string, int> count;
        for (const std::string &n : kept.syms.names)
            count[n]++;
        link::Sympos sp({.system_map = {}, .image = {}, .modules = {{"ext4", ko}}, .cache_dir = {},
                         .release = {}, .modules_root = {}});
        auto ksym = [&](const elf::Symbol &s) {
            link::Anchors a = link::anchors_for(obj, s, nullptr);
            return KSymbol{.name = std::string(s.name), .object = "ext4", .anchors = a.names,
                           .anchor_self = a.self, .size = s.size, .ref = std::nullopt};
        };
        std::map<std::string, int> rank;
        Tally anchors, refs;
        for (size_t i = 0; i < kept.syms.names.size(); i++) {
            const elf::Symbol &s = obj.symbol(kept.symtab_index[i]);
            uint32_t r = ++rank[kept.syms.names[i]];
            if (count[kept.syms.names[i]] < 2 || !s.is_local() ||
                (s.type != STT_FUNC && s.type != STT_OBJECT))
                continue;
            link::Model m;
            m.ksyms.push_back(ksym(s));
            try {
                (sp.position(m, 0) == r ? anchors.right : anchors.wrong)++;
                continue;
            } catch (const kpatch::Error &e) {
                CHECK(std::string(e.what()).find("occurrences") != std::string::npos);
                anchors.refused++;
            }
            std::optional<ModRef> ref = module_ref(obj, s, count);
            if (!ref)
                continue;
            m.ksyms.push_back(ksym(*ref->func));
            m.ksyms[0].ref = link::RefSite{.func_ksym = 1, .offset = ref->offset,
                                           .type = ref->type, .addend = ref->addend};
            (sp.position(m, 0) == r ? refs.right : refs.wrong)++;
        }
        MESSAGE("ext4: by anchors ", anchors.right, " duplicate statics placed, ", anchors.refused,
                " refused; of those, ", refs.right, " placed by a reference site");
        CHECK(anchors.wrong == 0);
        CHECK(refs.wrong == 0);
        CHECK(anchors.right >= 5);
        CHECK(refs.right * 2 >= anchors.refused);
    }
}
