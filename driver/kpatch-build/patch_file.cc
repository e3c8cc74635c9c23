// SPDX-License-Identifier: GPL-2.0
//
// patch_file.cc - see patch_file.h.
#include "patch_file.h"

#include "error.h"
#include "util.h"

#include <cstdio>

namespace kpatch::build {
namespace {

// "a/fs/proc/version.c\t2024-..." -> "fs/proc/version.c"
std::string strip_path(const std::string &field)
{
    std::string p = field.substr(0, field.find('\t'));
    p = trim(p);
    if (p == "/dev/null")
        return p;
    size_t slash = p.find('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

bool parse_range(const char *s, int &start, int &count)
{
    count = 1;
    if (sscanf(s, "%d,%d", &start, &count) == 2)
        return true;
    return sscanf(s, "%d", &start) == 1;
}

}  // namespace

std::vector<FilePatch> parse_patch(std::string_view text, const std::string &name)
{
    std::vector<FilePatch> files;
    auto lines = split_lines(text);
    std::string old_path;
    int remaining_old = 0, remaining_new = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string &l = lines[i];
        if (remaining_old > 0 || remaining_new > 0) {
            Hunk &h = files.back().hunks.back();
            if (l.starts_with("\\"))
                continue;  // "\ No newline at end of file"
            char c = l.empty() ? ' ' : l[0];
            if (c != ' ' && c != '-' && c != '+')
                throw Error("{}:{}: hunk ends early (expected {} more old and {} more new "
                            "lines): is the patch truncated?",
                            name, i + 1, remaining_old, remaining_new);
            h.lines.push_back(l.empty() ? " " : l);
            if (c != '+')
                --remaining_old;
            if (c != '-')
                --remaining_new;
            continue;
        }
        if (l.starts_with("--- ")) {
            old_path = strip_path(l.substr(4));
        } else if (l.starts_with("+++ ")) {
            FilePatch f;
            std::string new_path = strip_path(l.substr(4));
            f.created = old_path == "/dev/null";
            f.deleted = new_path == "/dev/null";
            f.path = f.deleted ? old_path : new_path;
            files.push_back(std::move(f));
        } else if (l.starts_with("@@ ")) {
            if (files.empty())
                throw Error("{}:{}: hunk before any '+++' file header", name, i + 1);
            Hunk h;
            size_t minus = l.find('-'), plus = l.find('+');
            if (minus == std::string::npos || plus == std::string::npos ||
                !parse_range(l.c_str() + minus + 1, h.old_start, h.old_count) ||
                !parse_range(l.c_str() + plus + 1, h.new_start, h.new_count))
                throw Error("{}:{}: malformed hunk header '{}'", name, i + 1, l);
            remaining_old = h.old_count;
            remaining_new = h.new_count;
            files.back().hunks.push_back(std::move(h));
        }
    }
    if (remaining_old > 0 || remaining_new > 0)
        throw Error("{}: last hunk is truncated", name);
    if (files.empty())
        throw Error("{}: no file changes found: is this a unified diff (diff -u / git diff)?",
                    name);
    return files;
}

}  // namespace kpatch::build
