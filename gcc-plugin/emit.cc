// SPDX-License-Identifier: GPL-2.0
//
// emit.cc - see emit.h.  .pushsection/.popsection leave the assembler in
// whatever section GCC believes it is in, so code generation after us is
// unaffected; the "e" flag (SHF_EXCLUDE) keeps the section out of final
// links while `ld -r` and archives carry it.  The bytes go out as .ascii
// strings (printable characters as themselves, the rest as 3-digit octal
// escapes): about a third of the text .byte lists would need, which is
// assembler time on every object.
#include "emit.h"

#include "gcc-common.h"
#include "kpatch/fingerprint.h"
#include "unit.h"

namespace kpatch::plugin {

namespace {

constexpr size_t kBytesPerLine = 64;

void append_escaped(std::string &out, uint8_t c)
{
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.push_back(static_cast<char>(c));
        return;
    }
    char esc[5];
    snprintf(esc, sizeof(esc), "\\%03o", c);
    out.append(esc, 4);
}

}  // namespace

size_t emit_record()
{
    std::vector<uint8_t> bytes = fp::encode(unit().record);
    std::string text = "\t.pushsection " + std::string(fp::kFingerprintSection) +
                       ",\"e\",@progbits\n";
    text.reserve(text.size() + bytes.size() * 2);
    for (size_t i = 0; i < bytes.size(); i += kBytesPerLine) {
        text += "\t.ascii \"";
        for (size_t j = i; j < std::min(bytes.size(), i + kBytesPerLine); j++)
            append_escaped(text, bytes[j]);
        text += "\"\n";
    }
    text += "\t.popsection\n";
    fwrite(text.data(), 1, text.size(), asm_out_file);
    return bytes.size();
}

}  // namespace kpatch::plugin
