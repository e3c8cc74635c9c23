// SPDX-License-Identifier: GPL-2.0
//
// launcher.cc - see launcher.h.
#include "launcher.h"

#include "error.h"
#include "util.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <vector>

namespace kpatch::build {

std::string local_compiler(const std::string &cc)
{
    std::vector<std::string> out;
    for (const auto &word : split_words(cc)) {
        std::filesystem::path p(word);
        std::string name = p.filename().string();
        if (name == "distcc" || name == "pump")
            continue;
        out.push_back(p.parent_path().filename() == "distcc" ? name : word);  // masquerade
    }
    return out.empty() ? cc : fmt::format("{}", fmt::join(out, " "));
}

std::string remote_plugin_compiler(const std::string &cc, const std::string &wrapper)
{
    std::vector<std::string> out;
    for (const auto &word : split_words(cc)) {
        out.push_back(word);
        if (std::filesystem::path(word).filename() == "distcc") {
            out.push_back(wrapper);
            return fmt::format("{}", fmt::join(out, " "));
        }
    }
    throw Error("--remote-plugin-cc {} sends the plugin compiles to distcc, but CC='{}' names no "
                "distcc: set CC=\"distcc COMPILER\" (and DISTCC_HOSTS), or leave the option out",
                wrapper, cc);
}

std::string remote_plugin_flags(const std::string &kcflags)
{
    std::vector<std::string> out;
    for (const auto &word : split_words(kcflags)) {
        if (word.starts_with("-fplugin="))
            out.push_back("-fplugin-arg-kpatch-expect-hash=" +
                          hex64(fnv1a(read_file(word.substr(9)))));
        else
            out.push_back(word);
    }
    return fmt::format("{}", fmt::join(out, " "));
}

}  // namespace kpatch::build
