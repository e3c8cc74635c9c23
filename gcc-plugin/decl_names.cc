// SPDX-License-Identifier: GPL-2.0
//
// decl_names.cc - see decl_names.h.  Static locals of one name in one
// function are numbered in declaration order (DECL_UID order), computed
// once from the varpool and cached by DECL_UID.  Anonymous data without a
// function context is named after its owner when first met.
#include "decl_names.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

namespace kpatch::plugin {
namespace {

// "CSWTCH" of "CSWTCH.12": the name create_tmp_var_name() (or the C front
// end's compound-literal counter) gave, without the counter; "" when the
// decl is not artificial or its name carries no such counter.
std::string counter_prefix(const_tree decl)
{
    if (!DECL_ARTIFICIAL(decl) || !DECL_NAME(decl))
        return "";
    std::string name = IDENTIFIER_POINTER(DECL_NAME(decl));
    size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == name.size() ||
        name.find_first_not_of("0123456789", dot + 1) != std::string::npos)
        return "";
    return name.substr(0, dot);
}

// A static local's name for grouping, without counters: an artificial
// one (C.N) by its prefix, a kernel __UNIQUE_ID_<prefix><__COUNTER__>
// (static calls' __ADDRESSABLE) without the counter.  Several of one name
// in one function are told apart by declaration order instead.
std::string local_name(const_tree decl)
{
    std::string prefix = counter_prefix(decl);
    return prefix.empty() ? fp::canonical_symbol(source_name(decl)) : prefix;
}

bool is_ownerless_anonymous(const_tree decl)
{
    return is_anonymous_data(decl) && !is_static_local(decl);
}

std::string function_owner(const_tree fn)
{
    return fp::parse_clone(symbol_name(fn)).canonical;
}

// Names of anonymous data without a function context, by DECL_UID.
class AnonymousNames {
public:
    struct Name {
        std::string owner, canonical;
    };

    const Name *find(const_tree decl)
    {
        scan_initializers();
        auto it = names_.find(DECL_UID(decl));
        return it == names_.end() ? nullptr : &it->second;
    }

    // The next ordinal of this owner's data of the decl's prefix, unless
    // the decl is named already (the first owner keeps it).
    const Name &claim(const_tree decl, const std::string &owner)
    {
        auto it = names_.find(DECL_UID(decl));
        if (it != names_.end())
            return it->second;
        std::string prefix = counter_prefix(decl);
        unsigned n = ++counts_[{owner, prefix}];
        Name name{owner, fp::static_local_name(owner, prefix, n)};
        return names_.emplace(DECL_UID(decl), std::move(name)).first->second;
    }

private:
    // Data owners first: a variable's initializer is its only way in
    // (`static int *p = (int[]){...}`), while functions may reach the same
    // literal only through constant folding, which another patch may
    // undo.  Variables in declaration order; nested literals once their
    // container has a name.
    void scan_initializers()
    {
        if (scanned_)
            return;
        scanned_ = true;
        std::vector<tree> pending;
        varpool_node *node;
        FOR_EACH_VARIABLE (node)
            if (DECL_INITIAL(node->decl) && DECL_INITIAL(node->decl) != error_mark_node)
                pending.push_back(node->decl);
        std::sort(pending.begin(), pending.end(),
                  [](tree a, tree b) { return DECL_UID(a) < DECL_UID(b); });
        for (bool progress = true; progress;) {
            progress = false;
            for (auto it = pending.begin(); it != pending.end();) {
                bool unnamed = is_ownerless_anonymous(*it) && !names_.contains(DECL_UID(*it));
                if (unnamed) {
                    ++it;
                    continue;
                }
                claim_in_initializer(*it);
                it = pending.erase(it);
                progress = true;
            }
        }
    }

    void claim_in_initializer(tree var)
    {
        owner_ = is_ownerless_anonymous(var) ? names_.at(DECL_UID(var)).canonical
                                             : global_canonical(var);
        walk_tree_without_duplicates(&DECL_INITIAL(var), claim_operand, this);
    }

    static tree claim_operand(tree *tp, int *, void *data)
    {
        auto *self = static_cast<AnonymousNames *>(data);
        if (VAR_P(*tp) && is_ownerless_anonymous(*tp))
            self->claim(*tp, self->owner_);
        return NULL_TREE;
    }

    std::unordered_map<unsigned, Name> names_;
    std::map<std::pair<std::string, std::string>, unsigned> counts_;
    std::string owner_;  // of the initializer being walked
    bool scanned_ = false;
};

AnonymousNames &anonymous_names()
{
    static AnonymousNames names;
    return names;
}

// Named on first use: by the initializer scan, else by the function being
// compiled (its code references the data); none outside a function.
const AnonymousNames::Name *anonymous_name(const_tree decl)
{
    if (const auto *name = anonymous_names().find(decl))
        return name;
    if (!current_function_decl)
        return nullptr;
    return &anonymous_names().claim(decl, function_owner(current_function_decl));
}

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
            groups[{DECL_UID(DECL_CONTEXT(decl)), local_name(decl)}].push_back(decl);
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
    return fp::static_local_name(source_name(DECL_CONTEXT(decl)), local_name(decl));
}

bool is_anonymous_data(const_tree decl)
{
    return TREE_CODE(decl) == VAR_DECL && TREE_STATIC(decl) && !counter_prefix(decl).empty();
}

bool is_anonymous_constant(const_tree decl)
{
    return is_anonymous_data(decl) && TREE_READONLY(decl) && DECL_INITIAL(decl) &&
           DECL_INITIAL(decl) != error_mark_node;
}

std::string anonymous_owner(const_tree decl)
{
    const auto *name = anonymous_name(decl);
    return name ? name->owner : "";
}

std::string global_canonical(const_tree decl)
{
    if (is_static_local(decl))
        return static_local_canonical(decl);
    if (is_anonymous_data(decl))
        if (const auto *name = anonymous_name(decl))
            return name->canonical;
    return fp::canonical_symbol(source_name(decl));
}

}  // namespace kpatch::plugin
