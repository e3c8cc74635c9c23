// SPDX-License-Identifier: GPL-2.0
//
// decl_names.cc - see decl_names.h.  Static locals of one name in one
// function are numbered in declaration order (DECL_UID order), computed
// once from the varpool and cached by DECL_UID.
#include "decl_names.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

namespace kpatch::plugin {
namespace {

std::unordered_map<unsigned, std::string> &static_local_cache()
{
    static std::unordered_map<unsigned, std::string> cache;
    static bool built = false;
    if (built)
        return cache;
    built = true;
    // (owner uid, name) -> uids of the statics of that name, in order.
    std::map<std::pair<unsigned, std::string>, std::vector<const_tree>> groups;
    varpool_node *node;
    FOR_EACH_VARIABLE (node) {
        tree decl = node->decl;
        if (is_static_local(decl))
            groups[{DECL_UID(DECL_CONTEXT(decl)), source_name(decl)}].push_back(decl);
    }
    for (auto &[key, decls] : groups) {
        std::sort(decls.begin(), decls.end(),
                  [](const_tree a, const_tree b) { return DECL_UID(a) < DECL_UID(b); });
        for (size_t i = 0; i < decls.size(); i++)
            cache[DECL_UID(decls[i])] =
                fp::static_local_name(source_name(DECL_CONTEXT(decls[i])), key.second, i + 1);
    }
    return cache;
}

}  // namespace

std::string source_name(const_tree decl)
{
    tree name = DECL_NAME(decl);
    return name ? IDENTIFIER_POINTER(name) : "<anon>";
}

std::string symbol_name(const_tree decl)
{
    if (!DECL_ASSEMBLER_NAME_SET_P(decl))
        return source_name(decl);
    const char *s = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME_RAW(decl));
    return s[0] == '*' ? s + 1 : s;
}

fp::Binding binding_of(const_tree decl)
{
    if (!TREE_PUBLIC(decl))
        return fp::Binding::Local;
    return DECL_WEAK(decl) ? fp::Binding::Weak : fp::Binding::Global;
}

bool is_static_local(const_tree decl)
{
    return TREE_CODE(decl) == VAR_DECL && TREE_STATIC(decl) && DECL_CONTEXT(decl) &&
           TREE_CODE(DECL_CONTEXT(decl)) == FUNCTION_DECL;
}

std::string static_local_canonical(const_tree decl)
{
    auto &cache = static_local_cache();
    auto it = cache.find(DECL_UID(decl));
    if (it != cache.end())
        return it->second;
    return fp::static_local_name(source_name(DECL_CONTEXT(decl)), source_name(decl));
}

std::string global_canonical(const_tree decl)
{
    if (is_static_local(decl))
        return static_local_canonical(decl);
    return fp::canonical_symbol(source_name(decl));
}

}  // namespace kpatch::plugin
