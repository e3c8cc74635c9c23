// SPDX-License-Identifier: GPL-2.0
//
// Tests of the ELF layer (lib/elf) on malformed input: every truncation
// and a sample of byte corruptions of a valid object must either parse
// or throw kpatch::Error naming the file; none may crash.  Run under
// ASan/UBSan for full effect; without them it still catches segfaults.
#include <doctest/doctest.h>

#include <elf.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "elf/object.h"
#include "elf/writer.h"

using namespace kpatch;

namespace {

std::vector<uint8_t> sample_object()
{
    elf::Writer w;
    uint32_t text = w.add_section({".text.f", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 16, 0,
                                   std::vector<uint8_t>(16, 0x90), 0, {}});
    uint32_t f = w.add_symbol({"f", STT_FUNC, STB_GLOBAL, 0, text, 0, 16});
    uint32_t g = w.add_symbol({"g", STT_NOTYPE, STB_GLOBAL, 0, 0, 0, 0});
    w.section(text).relas.push_back({1, R_X86_64_PLT32, g, -4});
    (void)f;
    char path[] = "/tmp/kpatch-elf-XXXXXX";
    close(mkstemp(path));
    w.write(path);
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    unlink(path);
    return bytes;
}

}  // namespace

TEST_SUITE("elf.object")
{
    TEST_CASE("a written object reads back")
    {
        auto obj = elf::Object::from_bytes("t.o", sample_object());
        const elf::Section *text = obj.find_section_by_name(".text.f");
        REQUIRE(text);
        REQUIRE(text->relas.size() == 1);
        CHECK(obj.symbol(text->relas[0].symbol).name == "g");
        CHECK(obj.find_symbol_containing(text->index, 5)->name == "f");
    }

    TEST_CASE("every truncation is an error, not a crash")
    {
        auto bytes = sample_object();
        for (size_t n = 0; n < bytes.size(); n++) {
            std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
            try {
                elf::Object::from_bytes("cut.o", cut);
            } catch (const kpatch::Error &e) {
                CHECK(std::string(e.what()).starts_with("cut.o: "));
            }
        }
    }

    TEST_CASE("corrupted bytes are an error or a valid parse, not a crash")
    {
        auto bytes = sample_object();
        for (size_t i = 0; i < bytes.size(); i++) {
            for (uint8_t v : {uint8_t{0xff}, uint8_t{0x7f}, uint8_t{0x01}}) {
                auto bad = bytes;
                bad[i] ^= v;
                try {
                    auto obj = elf::Object::from_bytes("bad.o", bad);
                    for (const auto &s : obj.sections())
                        for (const auto &r : s.relas)
                            CHECK(r.symbol < obj.symbols().size());
                } catch (const kpatch::Error &) {
                }
            }
        }
    }
}
