// SPDX-License-Identifier: GPL-2.0
//
// rtl_hash.cc - see rtl_hash.h.
#include "rtl_hash.h"

#include "decl_names.h"
#include "kpatch/fp_normalize.h"
#include "tree_hash.h"

#include <unordered_map>

namespace kpatch::plugin {
namespace {

enum Tag : uint8_t {
    kInsn = 1,
    kLabel,
    kSwitchSections,
    kExpr,
    kReg,
    kMem,
    kSubreg,
    kConstInt,
    kConstWide,
    kConstDouble,
    kPoolConstant,
    kStringConstant,
    kSymbol,
    kLabelRef,
    kAsmOperands,
    kAsmInput,
    kBugLine,
    kVector,
    kNull,
    kSkipped,
};

class RtlHasher {
public:
    RtlHasher(RtlFingerprint &out) : out_(out), trees_(h_) {}

    void run(rtx_insn *first, bool want_tokens)
    {
        for (rtx_insn *i = first; i; i = NEXT_INSN(i))
            insn(i);
        out_.hash = h_.finish();
        if (want_tokens)
            out_.tokens = h_.bytes();
    }

private:
    void insn(rtx_insn *i)
    {
        if (NOTE_P(i)) {
            if (NOTE_KIND(i) == NOTE_INSN_SWITCH_TEXT_SECTIONS)
                h_.tag(kSwitchSections);
            else if (NOTE_KIND(i) == NOTE_INSN_DELETED_LABEL)
                label(i);
            return;
        }
        if (BARRIER_P(i) || DEBUG_INSN_P(i))
            return;
        if (LABEL_P(i)) {
            label(i);
            return;
        }
        h_.tag(kInsn);
        h_.u64(GET_CODE(i));
        if (CALL_P(i))
            h_.u64(SIBLING_CALL_P(i));
        asm_outputs_ = count_asm_outputs(PATTERN(i));
        expr(PATTERN(i));
    }

    // Operand numbers in an asm template count the outputs first.
    static int count_asm_outputs(const_rtx pat)
    {
        if (GET_CODE(pat) == SET && GET_CODE(SET_SRC(pat)) == ASM_OPERANDS)
            return 1;
        if (GET_CODE(pat) != PARALLEL)
            return 0;
        int n = 0;
        for (int j = 0; j < XVECLEN(pat, 0); j++) {
            const_rtx e = XVECEXP(pat, 0, j);
            if (GET_CODE(e) == SET && GET_CODE(SET_SRC(e)) == ASM_OPERANDS)
                n++;
        }
        return n;
    }

    void label(const_rtx l)
    {
        h_.tag(kLabel);
        h_.u64(trees_.local(l));
    }

    void expr(const_rtx x)
    {
        if (!x) {
            h_.tag(kNull);
            return;
        }
        switch (GET_CODE(x)) {
        case REG:
            h_.tag(kReg);
            h_.u64(REGNO(x));
            h_.u64(GET_MODE(x));
            return;
        case MEM:
            h_.tag(kMem);
            h_.u64(GET_MODE(x));
            h_.u64(MEM_VOLATILE_P(x));
            h_.u64(MEM_ADDR_SPACE(x));
            expr(XEXP(x, 0));
            return;
        case SUBREG:
            h_.tag(kSubreg);
            h_.u64(GET_MODE(x));
            h_.u64(SUBREG_BYTE(x).coeffs[0]);
            expr(SUBREG_REG(x));
            return;
        case CONST_INT:
            h_.tag(kConstInt);
            h_.i64(INTVAL(x));
            return;
        case CONST_WIDE_INT:
            h_.tag(kConstWide);
            h_.u64(CONST_WIDE_INT_NUNITS(x));
            for (int i = 0; i < CONST_WIDE_INT_NUNITS(x); i++)
                h_.i64(CONST_WIDE_INT_ELT(x, i));
            return;
        case CONST_DOUBLE:
            const_double(x);
            return;
        case SYMBOL_REF:
            symbol(x);
            return;
        case LABEL_REF:
            h_.tag(kLabelRef);
            label(label_ref_label(x));
            return;
        case CODE_LABEL:
            label(x);
            return;
        case ASM_OPERANDS:
            asm_operands(x);
            return;
        case ASM_INPUT:
            h_.tag(kAsmInput);
            h_.str(XSTR(x, 0));
            return;
        case VAR_LOCATION:
        case DEBUG_MARKER:
        case DEBUG_IMPLICIT_PTR:
        case DEBUG_PARAMETER_REF:
        case ENTRY_VALUE:
        case DEBUG_EXPR:
            h_.tag(kSkipped);
            return;
        default:
            generic(x);
            return;
        }
    }

    void const_double(const_rtx x)
    {
        h_.tag(kConstDouble);
        h_.u64(GET_MODE(x));
        if (GET_MODE(x) == VOIDmode) {
            h_.i64(CONST_DOUBLE_LOW(x));
            h_.i64(CONST_DOUBLE_HIGH(x));
            return;
        }
        char buf[128];
        real_to_hexadecimal(buf, CONST_DOUBLE_REAL_VALUE(x), sizeof(buf), 0, 1);
        h_.str(buf);
    }

    void symbol(const_rtx x)
    {
        if (CONSTANT_POOL_ADDRESS_P(x)) {
            h_.tag(kPoolConstant);
            h_.u64(get_pool_mode(x));
            expr(get_pool_constant(x));
            return;
        }
        tree decl = SYMBOL_REF_DECL(x);
        if (TREE_CONSTANT_POOL_ADDRESS_P(x) && decl) {
            // A string literal or other tree constant (.LC0): its content
            // is what the code uses, the label number is incidental.
            h_.tag(kStringConstant);
            trees_.operand(TREE_CODE(decl) == VAR_DECL ? DECL_INITIAL(decl) : decl);
            return;
        }
        const char *raw = XSTR(x, 0);
        std::string name = raw[0] == '*' ? raw + 1 : raw;
        bool is_function = SYMBOL_REF_FUNCTION_P(x) || (decl && TREE_CODE(decl) == FUNCTION_DECL);
        h_.tag(kSymbol);
        bool named_by_decl = decl && DECL_P(decl) && (is_static_local(decl) || is_anonymous_data(decl));
        if (named_by_decl)
            h_.str(global_canonical(decl));
        else if (is_function)
            h_.str(fp::parse_clone(name).canonical);
        else
            h_.str(fp::canonical_symbol(name));
        // A switch table's values are part of what the code computes; its
        // name is only an ordinal within the function.
        if (decl && DECL_P(decl) && is_anonymous_constant(decl))
            trees_.operand(DECL_INITIAL(decl));
        fp::Binding binding = decl && DECL_P(decl) ? binding_of(decl) : fp::Binding::Global;
        out_.references.emplace(name, fp::SymbolRef{name, binding, is_function});
    }

    void asm_operands(const_rtx x)
    {
        h_.tag(kAsmOperands);
        const char *tmpl = ASM_OPERANDS_TEMPLATE(x);
        h_.str(tmpl);
        h_.str(ASM_OPERANDS_OUTPUT_CONSTRAINT(x));
        h_.u64(ASM_OPERANDS_OUTPUT_IDX(x));
        h_.u64(MEM_VOLATILE_P(x));  // `volatil` flag: asm volatile
        auto bug_line = fp::bug_line_operand(tmpl);
        int inputs = ASM_OPERANDS_INPUT_LENGTH(x);
        h_.u64(inputs);
        for (int i = 0; i < inputs; i++) {
            h_.str(ASM_OPERANDS_INPUT_CONSTRAINT(x, i));
            h_.u64(ASM_OPERANDS_INPUT_MODE(x, i));
            if (bug_line && *bug_line == unsigned(asm_outputs_ + i))
                h_.tag(kBugLine);
            else
                expr(ASM_OPERANDS_INPUT(x, i));
        }
        h_.u64(ASM_OPERANDS_LABEL_LENGTH(x));
        for (int i = 0; i < ASM_OPERANDS_LABEL_LENGTH(x); i++)
            expr(ASM_OPERANDS_LABEL(x, i));
        // ASM_OPERANDS_SOURCE_LOCATION: deliberately not hashed.
    }

    void generic(const_rtx x)
    {
        h_.tag(kExpr);
        h_.u64(GET_CODE(x));
        h_.u64(GET_MODE(x));
        const char *fmt = GET_RTX_FORMAT(GET_CODE(x));
        for (int i = 0; fmt[i]; i++) {
            switch (fmt[i]) {
            case 'e':
                expr(XEXP(x, i));
                break;
            case 'E':
            case 'V':
                h_.tag(kVector);
                if (!XVEC(x, i)) {
                    h_.u64(0);
                    break;
                }
                h_.u64(XVECLEN(x, i));
                for (int j = 0; j < XVECLEN(x, i); j++)
                    expr(XVECEXP(x, i, j));
                break;
            case 'i':
            case 'n':
                h_.i64(XINT(x, i));
                break;
            case 'w':
                h_.i64(XWINT(x, i));
                break;
            case 's':
            case 'S':
            case 'T':
                h_.str(XSTR(x, i) ? XSTR(x, i) : "");
                break;
            case 'u':
                if (XEXP(x, i) && LABEL_P(XEXP(x, i)))
                    label(XEXP(x, i));
                else
                    h_.tag(kSkipped);
                break;
            default:  // '0', 't', 'B', 'p', 'r': no meaning of their own here
                break;
            }
        }
    }

    RtlFingerprint &out_;
    fp::Hasher h_;
    TreeHasher trees_;  // string constants, and label numbering
    int asm_outputs_ = 0;
};

}  // namespace

RtlFingerprint hash_rtl(rtx_insn *first, bool want_tokens)
{
    RtlFingerprint fp;
    RtlHasher(fp).run(first, want_tokens);
    return fp;
}

}  // namespace kpatch::plugin
