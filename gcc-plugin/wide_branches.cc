// SPDX-License-Identifier: GPL-2.0
//
// wide_branches.cc - 5-byte static branches (see wide_branches.h).
#include "wide_branches.h"

namespace kpatch::plugin {

std::string widened_template(const std::string &tmpl)
{
    if (tmpl.find("__jump_table") == std::string::npos)
        return "";
    size_t at = tmpl.find("jmp %l");
    if (at == std::string::npos)
        return "";
    size_t label = at + 4;  // "%l..." up to the end of the operand
    size_t end = tmpl.find_first_of(" \t\n#;", label);
    if (end == std::string::npos)
        end = tmpl.size();
    std::string operand = tmpl.substr(label, end - label);
    return tmpl.substr(0, at) + ".byte 0xe9\n\t.long " + operand + " - . - 4" + tmpl.substr(end);
}

unsigned widen_static_branches()
{
    unsigned n = 0;
    for (rtx_insn *insn = get_insns(); insn; insn = NEXT_INSN(insn)) {
        if (!JUMP_P(insn))
            continue;
        rtx asm_op = extract_asm_operands(PATTERN(insn));
        if (!asm_op)
            continue;
        std::string wide = widened_template(ASM_OPERANDS_TEMPLATE(asm_op));
        if (wide.empty())
            continue;
        XSTR(asm_op, 0) = ggc_strdup(wide.c_str());
        n++;
    }
    return n;
}

}  // namespace kpatch::plugin
