// SPDX-License-Identifier: GPL-2.0
//
// pair.cc - which record of the original is which of the patched build
// (fingerprint.h, pair_units): one rule for every reader, so a unit is
// never paired one way for the report and another for the patch.
#include "kpatch/fingerprint.h"

#include <string_view>

namespace kpatch::fp {
namespace {

std::string_view file_name(std::string_view source)
{
    size_t slash = source.rfind('/');
    return slash == std::string_view::npos ? source : source.substr(slash + 1);
}

// Gives each original without a twin yet the first free patched record
// that `same` matches.
template <typename Same>
void match(const std::vector<TranslationUnit> &orig, const std::vector<TranslationUnit> &patched,
           std::vector<UnitPair> &pairs, std::vector<bool> &taken, Same same)
{
    for (size_t o = 0; o < orig.size(); o++)
        for (size_t i = 0; i < patched.size() && !pairs[o].patched; i++)
            if (!taken[i] && same(orig[o].source, patched[i].source)) {
                pairs[o].patched = &patched[i];
                taken[i] = true;
            }
}

}  // namespace

std::vector<UnitPair> pair_units(const std::vector<TranslationUnit> &orig,
                                 const std::vector<TranslationUnit> &patched)
{
    if (orig.size() == 1 && patched.size() == 1)
        return {{&orig[0], &patched[0]}};
    std::vector<UnitPair> out;
    for (const TranslationUnit &o : orig)
        out.push_back({&o, nullptr});
    std::vector<bool> taken(patched.size(), false);
    // Exact sources first, so that a file name shared by two directories
    // cannot take another unit's twin.
    match(orig, patched, out, taken, [](std::string_view a, std::string_view b) { return a == b; });
    match(orig, patched, out, taken, [](std::string_view a, std::string_view b) {
        return file_name(a) == file_name(b);
    });
    for (size_t i = 0; i < patched.size(); i++)
        if (!taken[i])
            out.push_back({nullptr, &patched[i]});
    return out;
}

}  // namespace kpatch::fp
