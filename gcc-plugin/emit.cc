// SPDX-License-Identifier: GPL-2.0
//
// emit.cc - see emit.h.  .pushsection/.popsection leave the assembler in
// whatever section GCC believes it is in, so code generation after us is
// unaffected; the "e" flag (SHF_EXCLUDE) keeps the section out of final
// links while `ld -r` and archives carry it.
#include "emit.h"

#include "gcc-common.h"
#include "kpatch/fingerprint.h"
#include "unit.h"

namespace kpatch::plugin {

void emit_record()
{
    std::vector<uint8_t> bytes = fp::encode(unit().record);
    fprintf(asm_out_file, "\t.pushsection %s,\"e\",@progbits\n",
            std::string(fp::kFingerprintSection).c_str());
    for (size_t i = 0; i < bytes.size(); i++) {
        fputs(i % 32 ? "," : (i ? "\n\t.byte " : "\t.byte "), asm_out_file);
        fprintf(asm_out_file, "0x%02x", bytes[i]);
    }
    fputs("\n\t.popsection\n", asm_out_file);
}

}  // namespace kpatch::plugin
