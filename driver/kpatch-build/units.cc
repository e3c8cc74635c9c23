// SPDX-License-Identifier: GPL-2.0
//
// units.cc - see units.h.  The #include scan is deliberately a
// superset (it ignores #ifdef); kbuild's deps_ lists decide.
#include "units.h"

#include "kbuild_cmd.h"
#include "signals.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
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

// Where includers of `file` can be: shared headers anywhere; a
// directory's private header or .c file in its own subtree and its
// parent's.  A .c file of a top-level directory (kernel/fork.c) only in
// that directory: the tree's root holds no .c files, and scanning the
// whole tree for every touched .c would cost seconds (deps_ lists still
// find built includers elsewhere).
fs::path scan_scope(const std::string &file)
{
    bool global = file.starts_with("include/") || file.find("/include/") != std::string::npos;
    if (global)
        return {};
    fs::path dir = fs::path(file).parent_path();
    if (file.ends_with(".c") && dir.parent_path().empty())
        return dir;
    return dir.parent_path();
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
    auto files = source_files(root, scan_scope(header));

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
    // Breadth-first over files including the header: through other
    // headers, and through .c files too, since a .c may itself be
    // #included by another (kernel/sched/build_utility.c).
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
                if (seen.insert(*f).second)
                    todo.push_back(*f);
            }
        }
    }
    units.erase(header);  // a .c that includes itself indirectly is no includer
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
        if (cmd.source.ends_with(".c") && contains(cmd.deps, header))
            units.insert(cmd.source);
    }
    return {units.begin(), units.end()};
}

namespace {

std::string object_of(const std::string &source)
{
    return source.substr(0, source.size() - 2) + ".o";
}

// The .c files that include `file`: where kbuild recorded it, and where
// the #include scan finds it.  The file's own object (its deps_ list
// starts with its source) is not one of them.
std::vector<std::string> includers_of(const fs::path &root, const std::string &file)
{
    std::set<std::string> all;
    for (const auto &src : units_from_deps(root, file))
        all.insert(src);
    for (const auto &src : scan_includers(root, file))
        all.insert(src);
    all.erase(file);
    return {all.begin(), all.end()};
}

}  // namespace

std::vector<Unit> candidate_units(const fs::path &root, const std::vector<std::string> &touched,
                                  const std::function<void(const std::string &)> &scanning)
{
    std::map<std::string, Unit> units;
    auto includers = [&](const std::string &f) {
        if (scanning)
            scanning(f);
        return includers_of(root, f);
    };
    // Touched .c files first: each stays a unit of its own (not optional
    // unless #included elsewhere) even when it includes another touched file.
    for (const auto &f : touched)
        if (classify(f) == FileKind::CSource && !units.contains(f))
            units[f] = {f, object_of(f), "", "", includers(f)};
    for (const auto &f : touched) {
        std::vector<std::string> found;
        if (classify(f) == FileKind::CSource)
            found = units[f].includers;
        else if (classify(f) == FileKind::Header)
            found = includers(f);
        for (const auto &src : found)
            if (!units.contains(src))
                units[src] = {src, object_of(src), f, "", {}};
    }
    std::vector<Unit> out;
    for (auto &[src, u] : units)
        out.push_back(std::move(u));
    return out;
}

std::string skip_note(const Unit &u, bool unconfigured)
{
    if (!u.includers.empty())
        return fmt::format("{}: {} on its own in this configuration; {} is patched in the "
                           "files that #include it ({})",
                           u.object, unconfigured ? "not built" : "does not compile", u.source,
                           fmt::join(u.includers, ", "));
    if (unconfigured)
        return u.object + ": not built in this configuration";
    return fmt::format("{}: includes {} but does not compile in this configuration, so it is "
                       "not part of the running kernel; skipped",
                       u.object, u.via_header);
}

std::vector<std::string> lost_sources(const std::vector<Unit> &candidates,
                                      const std::vector<Unit> &resolved,
                                      const std::vector<std::string> &uncompilable)
{
    std::set<std::string> built;
    for (const auto &u : resolved)
        built.insert(u.source);
    std::vector<std::string> lost;
    for (const auto &c : candidates) {
        if (!c.via_header.empty() || built.contains(c.source) ||
            std::any_of(c.includers.begin(), c.includers.end(),
                        [&](const std::string &i) { return built.contains(i); }))
            continue;
        bool compiles = std::find(uncompilable.begin(), uncompilable.end(), c.object) ==
                        uncompilable.end();
        if (c.includers.empty() && !compiles)
            lost.push_back(c.source + " does not compile unpatched in this configuration (an "
                                      "option it needs is off), so it is not part of the "
                                      "running kernel");
        else if (c.includers.empty())
            lost.push_back(c.source + " is not built in this configuration");
        else
            lost.push_back(fmt::format(
                "{} is built neither on its own nor as part of the files that #include it "
                "({}) in this configuration",
                c.source, fmt::join(c.includers, ", ")));
    }
    return lost;
}

}  // namespace kpatch::build
