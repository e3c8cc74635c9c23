// SPDX-License-Identifier: GPL-2.0
//
// tree_hash.cc - see tree_hash.h.  Tags are >= 0x80 so a tree embedded in
// an RTL token stream (string constants) cannot alias an RTL token.
#include "tree_hash.h"

#include "decl_names.h"
#include "kpatch/fp_normalize.h"

namespace kpatch::plugin {
namespace {

enum Tag : uint8_t {
    kNull = 0x80,
    kType,
    kInteger,
    kReal,
    kString,
    kComplex,
    kVector,
    kConstructor,
    kField,
    kSsaName,
    kDefaultDef,
    kGlobal,
    kLocal,
    kList,
    kIdentifier,
    kExpr,
    kOther,
    kLineNumber,
};

// The tag name of a struct/union type, or "".
const char *tag_name(const_tree type)
{
    tree name = type ? TYPE_NAME(type) : NULL_TREE;
    if (name && TREE_CODE(name) == TYPE_DECL)
        name = DECL_NAME(name);
    return name && TREE_CODE(name) == IDENTIFIER_NODE ? IDENTIFIER_POINTER(name) : "";
}

// Constant integer value of an optional size/offset tree, or -1.
int64_t constant_or(const_tree t)
{
    return t && tree_fits_shwi_p(t) ? tree_to_shwi(t) : -1;
}

}  // namespace

unsigned TreeHasher::local(const void *p)
{
    return locals_.emplace(p, locals_.size()).first->second;
}

void TreeHasher::type(const_tree t, int depth)
{
    if (!t) {
        h_.tag(kNull);
        return;
    }
    h_.tag(kType);
    h_.u64(TREE_CODE(t));
    h_.u64(TYPE_MODE(t));
    h_.i64(constant_or(TYPE_SIZE(t)));
    h_.u64(TYPE_QUALS(t));
    if (INTEGRAL_TYPE_P(t) || SCALAR_FLOAT_TYPE_P(t) || FIXED_POINT_TYPE_P(t)) {
        h_.u64(TYPE_PRECISION(t));
        h_.u64(TYPE_UNSIGNED(t));
    }
    if (RECORD_OR_UNION_TYPE_P(t) || TREE_CODE(t) == ENUMERAL_TYPE) {
        tree name = TYPE_NAME(t);
        if (name && TREE_CODE(name) == TYPE_DECL)
            name = DECL_NAME(name);
        h_.str(name ? IDENTIFIER_POINTER(name) : "");
    }
    // One level of pointee / element type: enough to tell int * from
    // long *, without walking recursive structures.
    if ((POINTER_TYPE_P(t) || TREE_CODE(t) == ARRAY_TYPE || TREE_CODE(t) == VECTOR_TYPE) &&
        depth < 1)
        type(TREE_TYPE(t), depth + 1);
}

void TreeHasher::constant(const_tree t)
{
    switch (TREE_CODE(t)) {
    case INTEGER_CST:
        h_.tag(kInteger);
        type(TREE_TYPE(t));
        h_.u64(TREE_INT_CST_NUNITS(t));
        for (int i = 0; i < TREE_INT_CST_NUNITS(t); i++)
            h_.i64(TREE_INT_CST_ELT(t, i));
        return;
    case REAL_CST: {
        char buf[128];
        real_to_hexadecimal(buf, TREE_REAL_CST_PTR(t), sizeof(buf), 0, 1);
        h_.tag(kReal);
        type(TREE_TYPE(t));
        h_.str(buf);
        return;
    }
    case STRING_CST:
        h_.tag(kString);
        type(TREE_TYPE(t));
        h_.str({TREE_STRING_POINTER(t), static_cast<size_t>(TREE_STRING_LENGTH(t))});
        return;
    case COMPLEX_CST:
        h_.tag(kComplex);
        operand(TREE_REALPART(t));
        operand(TREE_IMAGPART(t));
        return;
    case VECTOR_CST:
        h_.tag(kVector);
        type(TREE_TYPE(t));
        h_.u64(VECTOR_CST_NPATTERNS(t));
        h_.u64(VECTOR_CST_NELTS_PER_PATTERN(t));
        for (unsigned i = 0; i < vector_cst_encoded_nelts(t); i++)
            operand(VECTOR_CST_ENCODED_ELT(t, i));
        return;
    default:
        h_.tag(kOther);
        h_.u64(TREE_CODE(t));
        return;
    }
}

void TreeHasher::field(const_tree t)
{
    h_.tag(kField);
    h_.str(source_name(t));
    int64_t bytes = constant_or(DECL_FIELD_OFFSET(t));
    int64_t bits = constant_or(DECL_FIELD_BIT_OFFSET(t));
    h_.i64(bytes < 0 || bits < 0 ? -1 : bytes * BITS_PER_UNIT + bits);
    h_.i64(constant_or(DECL_SIZE(t)));
    type(TREE_TYPE(t));
}

void TreeHasher::decl(const_tree t)
{
    switch (TREE_CODE(t)) {
    case FIELD_DECL:
        field(t);
        return;
    case CONST_DECL:
        operand(DECL_INITIAL(t));
        return;
    case FUNCTION_DECL:
        h_.tag(kGlobal);
        h_.str(source_name(t));
        return;
    case VAR_DECL:
        if (is_global_var(t)) {
            h_.tag(kGlobal);
            h_.str(global_canonical(t));
            type(TREE_TYPE(t));
            // An initializer copy (C.N) holds what the source wrote.
            if (is_anonymous_constant(t))
                operand(DECL_INITIAL(t));
            return;
        }
        break;
    default:
        break;
    }
    // Parameters, locals, results, labels: position, not identity.
    h_.tag(kLocal);
    h_.u64(TREE_CODE(t));
    h_.u64(local(t));
    type(TREE_TYPE(t));
}

void TreeHasher::expression(const_tree t)
{
    h_.tag(kExpr);
    h_.u64(TREE_CODE(t));
    type(TREE_TYPE(t));
    h_.u64(TREE_THIS_VOLATILE(t));
    int n = TREE_OPERAND_LENGTH(t);
    h_.u64(n);
    for (int i = 0; i < n; i++)
        operand(TREE_OPERAND(t, i));
}

void TreeHasher::operand(const_tree t)
{
    if (!t) {
        h_.tag(kNull);
        return;
    }
    if (CONSTANT_CLASS_P(t)) {
        constant(t);
        return;
    }
    if (DECL_P(t)) {
        decl(t);
        return;
    }
    switch (TREE_CODE(t)) {
    case SSA_NAME:
        if (SSA_NAME_IS_DEFAULT_DEF(t) && SSA_NAME_VAR(t)) {
            h_.tag(kDefaultDef);
            operand(SSA_NAME_VAR(t));
        } else {
            h_.tag(kSsaName);
            h_.u64(local(t));
            type(TREE_TYPE(t));
        }
        return;
    case CONSTRUCTOR: {
        h_.tag(kConstructor);
        type(TREE_TYPE(t));
        h_.u64(CONSTRUCTOR_NELTS(t));
        const char *tag = RECORD_OR_UNION_TYPE_P(TREE_TYPE(t)) ? tag_name(TREE_TYPE(t)) : "";
        unsigned i;
        tree index, value;
        FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS(t), i, index, value) {
            operand(index);
            if (*tag && index && TREE_CODE(index) == FIELD_DECL &&
                fp::is_line_number_field(tag, source_name(index)))
                h_.tag(kLineNumber);  // a source line kept for the kernel's use
            else
                operand(value);
        }
        return;
    }
    case TREE_LIST:
        h_.tag(kList);
        for (; t; t = TREE_CHAIN(t)) {
            operand(TREE_PURPOSE(t));
            operand(TREE_VALUE(t));
        }
        h_.tag(kNull);
        return;
    case IDENTIFIER_NODE:
        h_.tag(kIdentifier);
        h_.str(IDENTIFIER_POINTER(t));
        return;
    default:
        break;
    }
    if (EXPR_P(t)) {
        expression(t);
        return;
    }
    h_.tag(kOther);
    h_.u64(TREE_CODE(t));
}

}  // namespace kpatch::plugin
