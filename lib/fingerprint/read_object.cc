// SPDX-License-Identifier: GPL-2.0
//
// read_object.cc - find kFingerprintSection in an ELF object and decode
// it.  The object is read and validated by the project's ELF layer
// (lib/elf), whose errors already name the file.
#include "kpatch/fingerprint.h"

#include "elf/object.h"
#include <fmt/format.h>

namespace kpatch::fp {
std::vector<TranslationUnit> read_object(const std::string &path)
{
    return read_object(elf::Object::open(path));
}

std::vector<TranslationUnit> read_object(const elf::Object &object)
{
    const elf::Section *section = object.find_section_by_name(kFingerprintSection);
    if (!section || section->data.empty())
        throw Error(Diagnostic{.file = object.path(), .section = std::string(kFingerprintSection),
                               .what = "no fingerprint record: the changes cannot be determined",
                               .todo = "compile it with -fplugin=kpatch.so"});
    try {
        return decode_all(section->data);
    } catch (const Error &e) {
        throw e.at(object.path(), std::string(kFingerprintSection));
    }
}

}  // namespace kpatch::fp
