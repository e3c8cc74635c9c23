// SPDX-License-Identifier: GPL-2.0
//
// read_object.cc - find kFingerprintSection in an ELF object and decode
// it.  The object is read and validated by the project's ELF layer
// (lib/elf), whose errors already name the file; they are re-thrown as
// fingerprint Errors so callers handle one type.
#include "kpatch/fingerprint.h"

#include "elf/object.h"
#include <fmt/format.h>

namespace kpatch::fp {
namespace {

elf::Object open_object(const std::string &path)
{
    try {
        return elf::Object::open(path);
    } catch (const elf::Error &e) {
        throw Error(e.what());
    }
}

}  // namespace

std::vector<TranslationUnit> read_object(const std::string &path)
{
    const elf::Object object = open_object(path);
    const elf::Section *section = object.find_section_by_name(kFingerprintSection);
    if (!section)
        throw Error(fmt::format("{}: no {} section: compile it with -fplugin=kpatch.so", path,
                                kFingerprintSection));
    try {
        return decode_all(section->data);
    } catch (const Error &e) {
        throw Error(fmt::format("{}: {}", path, e.what()));
    }
}

}  // namespace kpatch::fp
