// SPDX-License-Identifier: GPL-2.0
//
// launcher.cc - see launcher.h.
#include "launcher.h"

#include "util.h"

#include <filesystem>

namespace kpatch::build {

std::string local_compiler(const std::string &cc)
{
    std::string out;
    for (const auto &word : split_words(cc)) {
        std::filesystem::path p(word);
        std::string name = p.filename().string();
        if (name == "distcc" || name == "pump")
            continue;
        std::string w = p.parent_path().filename() == "distcc" ? name : word;  // masquerade
        out += (out.empty() ? "" : " ") + w;
    }
    return out.empty() ? cc : out;
}

}  // namespace kpatch::build
