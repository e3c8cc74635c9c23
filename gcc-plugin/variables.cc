// SPDX-License-Identifier: GPL-2.0
//
// variables.cc - see variables.h.  The initializer fingerprint uses the
// same tree normalisation as the GIMPLE one; zero-initialised data hashes
// to 0 so that "= 0" and no initializer compare equal, as they do in the
// object (.bss either way).
#include "variables.h"

#include "decl_names.h"
#include "function_record.h"
#include "tree_hash.h"
#include "unit.h"

namespace kpatch::plugin {
namespace {

uint64_t initializer_hash(tree decl, std::string *tokens)
{
    tree init = DECL_INITIAL(decl);
    if (!init || init == error_mark_node || initializer_zerop(init))
        return 0;
    fp::Hasher h;
    TreeHasher(h).operand(init);
    if (tokens)
        *tokens = h.bytes();
    return h.finish();
}

std::string variable_section(tree decl)
{
    if (DECL_SECTION_NAME(decl))
        return DECL_SECTION_NAME(decl);
    return section_name(get_variable_section(decl, false));
}

}  // namespace

void record_variables()
{
    Unit &u = unit();
    varpool_node *node;
    FOR_EACH_DEFINED_VARIABLE (node) {
        tree decl = node->decl;
        if (node->alias || !TREE_ASM_WRITTEN(decl) || DECL_HARD_REGISTER(decl))
            continue;
        fp::VariableRecord v;
        v.symbol = symbol_name(decl);
        v.canonical = v.symbol;
        if (is_static_local(decl)) {
            v.canonical = static_local_canonical(decl);
            v.static_local_owner = source_name(DECL_CONTEXT(decl));
        } else if (is_anonymous_data(decl)) {
            // An owner keeps finalize_names() from restoring the numbered
            // symbol; data nobody references keeps it.
            v.static_local_owner = anonymous_owner(decl);
            if (v.is_static_local())
                v.canonical = global_canonical(decl);
        }
        v.section = variable_section(decl);
        v.binding = binding_of(decl);
        tree size = DECL_SIZE_UNIT(decl);
        v.size = size && tree_fits_uhwi_p(size) ? tree_to_uhwi(size) : 0;
        std::string tokens;
        v.init_hash = initializer_hash(decl, u.trace ? &tokens : nullptr);
        v.is_read_only = TREE_READONLY(decl);
        trace("init", v.symbol, v.init_hash, tokens);
        u.record.variables.push_back(std::move(v));
    }
}

}  // namespace kpatch::plugin
