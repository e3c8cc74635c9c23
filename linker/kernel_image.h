// SPDX-License-Identifier: GPL-2.0
//
// kernel_image.h - the stock kernel image as a source of symbols: its
// kallsyms tables and its code, read from the vmlinuz a distribution
// ships, without the debug package.
//
// Debian's /boot/System.map is a placeholder and vmlinuz holds a stripped
// ELF vmlinux, compressed.  KernelImage decompresses it once into a cache
// (what scripts/extract-vmlinux does, but from the boot header's payload
// fields instead of a byte-pattern search), then finds the tables
// scripts/kallsyms wrote into .rodata and decodes them: the names in
// kallsyms index order (the order kallsyms_on_each_symbol() walks) with
// their link-time addresses.  It reads bytes at link-time addresses for
// reference sites.  It does not apply KASLR: everything stays link-time,
// consistently.  Only x86-64 with CONFIG_KALLSYMS_BASE_RELATIVE and
// CONFIG_KALLSYMS_ABSOLUTE_PERCPU (every Debian amd64 kernel) is decoded;
// another layout is refused, never guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kpatch::link {

struct KallsymsEntry {
    std::string name;   // without the type letter
    char type = 0;      // nm's letter: t, T, d, b, r, ...
    uint64_t addr = 0;  // link-time
};

class KernelImage {
public:
    // Decompresses vmlinuz into cache_dir (created; reused when there)
    // and decodes its kallsyms.  Throws kpatch::Error naming the file.
    static KernelImage open(const std::string &vmlinuz, const std::string &cache_dir);
    // An already decompressed ELF vmlinux.
    static KernelImage from_elf(const std::string &vmlinux);

    const std::string &path() const { return path_; }
    // Every kallsyms entry of vmlinux, in kallsyms index order.
    const std::vector<KallsymsEntry> &kallsyms() const { return kallsyms_; }
    // n bytes at a link-time address, if the image's file holds them.
    std::optional<std::span<const uint8_t>> bytes_at(uint64_t addr, uint64_t n) const;

private:
    struct Segment {
        uint64_t vaddr, offset, filesz;
    };
    void parse_elf();
    void decode_kallsyms();

    std::string path_;
    std::vector<uint8_t> bytes_;
    std::vector<Segment> segments_;
    std::vector<Segment> rodata_;  // .rodata, or every segment if no section headers
    std::vector<KallsymsEntry> kallsyms_;
};

// ${XDG_CACHE_HOME:-$HOME/.cache}/kpatch: where decompressed images go by default.
std::string default_cache_dir();

}  // namespace kpatch::link
