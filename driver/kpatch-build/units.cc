// SPDX-License-Identifier: GPL-2.0
//
// units.cc - see units.h.  The #include scan is deliberately a
// superset (it ignores #ifdef); kbuild's deps_ lists decide.
#include "units.h"

#include "kbuild_cmd.h"
#include "signals.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <unordered_map>

namespace kpatch::build {
namespace {

// Top-level directories that hold no kernel or module translation units.
bool skip_dir(const std::string &top)
{
    static const std::set<std::string> skip = {"Documentation", "tools", "scripts", "samples",
                                               "usr", "LICENSES", "rust", ".git", "debian"};
    return skip.contains(top);
}

// The header an #include line names, or "" if the line is no #include.
// Sets `local` for the "..." form.
std::string included_name(const std::string &line, bool &local)
{
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos || line[i] != '#')
        return {};
    i = line.find_first_not_of(" \t", i + 1);
    if (i == std::string::npos || line.compare(i, 7, "include") != 0)
        return {};
    size_t open = line.find_first_of("<\"", i + 7);
    if (open == std::string::npos)
        return {};
    local = line[open] == '"';
    size_t close = line.find(local ? '"' : '>', open + 1);
    if (close == std::string::npos)
        return {};
    return line.substr(open + 1, close - open - 1);
}

struct Include {
    std::string name;
    bool local;
};

std::vector<Include> read_includes(const fs::path &root, const std::string &file)
{
    std::vector<Include> out;
    std::ifstream in(root / file);
    for (std::string line; std::getline(in, line);) {
        if (line.find("include") == std::string::npos)
            continue;
        bool local = false;
        std::string name = included_name(line, local);
        if (!name.empty())
            out.push_back({name, local});
    }
    return out;
}

// The names an #include can use for `header`: its path (a "..." include
// resolved against the including file's directory) and, for every
// "include/" in the path, what follows it (<linux/x.h> from any include
// directory).
std::vector<std::string> include_keys(const std::string &header)
{
    std::vector<std::string> keys = {"=" + header};
    for (size_t at = header.find("include/"); at != std::string::npos;
         at = header.find("include/", at + 1))
        keys.push_back(header.substr(at + 8));
    return keys;
}

std::vector<std::string> source_files(const fs::path &root, const fs::path &scope)
{
    std::vector<std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root / scope, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        std::string rel = fs::relative(it->path(), root).string();
        if (it.depth() == 0 && scope.empty() && it->is_directory() &&
            skip_dir(it->path().filename().string())) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && (rel.ends_with(".c") || rel.ends_with(".h")))
            files.push_back(rel);
    }
    return files;
}

}  // namespace

FileKind classify(const std::string &path)
{
    if (path.ends_with(".c"))
        return FileKind::CSource;
    if (path.ends_with(".h"))
        return FileKind::Header;
    return FileKind::Other;
}

std::vector<std::string> scan_includers(const fs::path &root, const std::string &header)
{
    // Shared headers can be included from anywhere; a directory's private
    // header only from its own subtree and its parent's.
    bool global = header.starts_with("include/") || header.find("/include/") != std::string::npos;
    fs::path scope = global ? fs::path() : fs::path(header).parent_path().parent_path();
    auto files = source_files(root, scope);

    // Index every #include once: "=<resolved path>" for the "..." form
    // (resolved against the including file), and the name as written.
    std::unordered_map<std::string, std::vector<const std::string *>> includers;
    for (const auto &f : files) {
        for (const auto &inc : read_includes(root, f)) {
            if (inc.local) {
                std::string resolved =
                    (fs::path(f).parent_path() / inc.name).lexically_normal().string();
                includers["=" + resolved].push_back(&f);
            }
            includers[inc.name].push_back(&f);
        }
        signals::checkpoint();
    }
    // Breadth-first over headers including headers.
    std::set<std::string> seen = {header};
    std::vector<std::string> todo = {header};
    std::set<std::string> units;
    while (!todo.empty()) {
        std::string h = todo.back();
        todo.pop_back();
        for (const auto &key : include_keys(h)) {
            auto it = includers.find(key);
            if (it == includers.end())
                continue;
            for (const std::string *f : it->second) {
                if (f->ends_with(".c"))
                    units.insert(*f);
                else if (seen.insert(*f).second)
                    todo.push_back(*f);
            }
        }
    }
    return {units.begin(), units.end()};
}

std::vector<std::string> units_from_deps(const fs::path &root, const std::string &header)
{
    std::set<std::string> units;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        std::string name = it->path().filename().string();
        if (!name.starts_with(".") || !name.ends_with(".o.cmd"))
            continue;
        std::ifstream in(it->path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (text.find(header) == std::string::npos)
            continue;
        KbuildCmd cmd = parse_kbuild_cmd(text);
        if (cmd.source.ends_with(".c") &&
            std::find(cmd.deps.begin(), cmd.deps.end(), header) != cmd.deps.end())
            units.insert(cmd.source);
    }
    return {units.begin(), units.end()};
}

}  // namespace kpatch::build
