// SPDX-License-Identifier: GPL-2.0
//
// units.cc - see units.h.  The #include scan is deliberately a
// superset (it ignores #ifdef); kbuild's deps_ lists decide.
#include "units.h"

#include "kbuild_cmd.h"

#include <algorithm>
#include <fstream>
#include <set>

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

// Whether `inc`, written in `file`, can name `header`.  <linux/x.h> is any
// include directory's linux/x.h; "x.h" is relative to the including file.
bool names_header(const std::string &file, const Include &inc, const std::string &header)
{
    if (inc.local &&
        (fs::path(file).parent_path() / inc.name).lexically_normal().string() == header)
        return true;
    return header.ends_with("include/" + inc.name);
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

    std::vector<std::pair<std::string, std::vector<Include>>> parsed;
    for (const auto &f : files)
        parsed.emplace_back(f, read_includes(root, f));

    std::set<std::string> headers = {header};
    std::set<std::string> units;
    // Fixed point over headers including headers.
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto &[f, incs] : parsed) {
            if (headers.contains(f) || units.contains(f))
                continue;
            bool hit = std::any_of(incs.begin(), incs.end(), [&](const Include &inc) {
                return std::any_of(headers.begin(), headers.end(), [&](const std::string &h) {
                    return names_header(f, inc, h);
                });
            });
            if (!hit)
                continue;
            if (f.ends_with(".h")) {
                headers.insert(f);
                grew = true;
            } else {
                units.insert(f);
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
