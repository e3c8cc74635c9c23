// SPDX-License-Identifier: GPL-2.0
//
// launcher.cc - see launcher.h.
#include "launcher.h"

#include "error.h"
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

std::string remote_plugin_compiler(const std::string &cc, const std::string &wrapper)
{
    std::string out;
    for (const auto &word : split_words(cc)) {
        out += (out.empty() ? "" : " ") + word;
        if (std::filesystem::path(word).filename() == "distcc")
            return out + " " + wrapper;
    }
    throw Error("--remote-plugin-cc {} sends the plugin compiles to distcc, but CC='{}' names no "
                "distcc: set CC=\"distcc COMPILER\" (and DISTCC_HOSTS), or leave the option out",
                wrapper, cc);
}

std::string remote_plugin_flags(const std::string &kcflags)
{
    std::string out;
    for (const auto &word : split_words(kcflags)) {
        if (word.starts_with("-fplugin=")) {
            std::string plugin = word.substr(9);
            out += (out.empty() ? "" : " ") + std::string("-fplugin-arg-kpatch-expect-hash=") +
                   hex64(fnv1a(read_file(plugin)));
            continue;
        }
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

}  // namespace kpatch::build
