// SPDX-License-Identifier: GPL-2.0
//
// line_fix.cc - see line_fix.h.
#include "line_fix.h"

#include "util.h"

#include <fmt/core.h>

#include <map>

namespace kpatch::build {
namespace {

// For each line: whether it starts inside a /* */ comment.
std::vector<bool> in_comment_at_start(const std::vector<std::string> &lines)
{
    std::vector<bool> out;
    bool comment = false;
    for (const auto &l : lines) {
        out.push_back(comment);
        char quote = 0;
        for (size_t i = 0; i < l.size(); ++i) {
            char c = l[i], n = i + 1 < l.size() ? l[i + 1] : 0;
            if (comment) {
                if (c == '*' && n == '/')
                    comment = false, ++i;
            } else if (quote) {
                if (c == '\\')
                    ++i;
                else if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '/' && n == '*') {
                comment = true, ++i;
            } else if (c == '/' && n == '/') {
                break;
            }
        }
    }
    return out;
}

// A directive may go before line `i` (0-based) of the new file.
bool safe_before(const std::vector<std::string> &lines, const std::vector<bool> &comment,
                 size_t i)
{
    if (i >= lines.size() || comment[i])
        return false;
    if (i == 0)
        return true;
    std::string prev = trim(lines[i - 1]);
    if (prev.empty())
        return !comment[i - 1];
    if (prev.back() == '\\')
        return false;
    if (prev.front() == '#')
        return true;
    char last = prev.back();
    return last == ';' || last == '{' || last == '}' ||
           (prev.ends_with("*/") && !comment[i]);
}

}  // namespace

std::string insert_line_directives(const std::string &patched, const FilePatch &fp,
                                   int *inserted)
{
    auto lines = split_lines(patched);
    auto comment = in_comment_at_start(lines);
    std::map<size_t, int> directives;  // new-file line index -> original line number
    for (const auto &h : fp.hunks) {
        int old_line = h.old_start, new_line = h.new_start;
        bool pending = false;  // a changed block ended, numbers still differ
        for (const auto &l : h.lines) {
            char c = l[0];
            if (c == ' ') {
                // patch(1) applied this hunk elsewhere (offset/fuzz): the
                // header's numbers are not the file's; leave the file alone.
                size_t at = static_cast<size_t>(new_line - 1);
                if (at >= lines.size() || lines[at] != l.substr(1)) {
                    if (inserted)
                        *inserted = 0;
                    return patched;
                }
                if (pending && old_line != new_line &&
                    safe_before(lines, comment, static_cast<size_t>(new_line - 1))) {
                    directives[static_cast<size_t>(new_line - 1)] = old_line;
                    pending = false;
                }
                ++old_line, ++new_line;
            } else {
                pending = true;
                (c == '-' ? old_line : new_line)++;
            }
        }
    }
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (auto it = directives.find(i); it != directives.end())
            out += fmt::format("#line {}\n", it->second);
        out += lines[i];
        out += '\n';
    }
    if (!patched.empty() && patched.back() != '\n' && !out.empty())
        out.pop_back();
    if (inserted)
        *inserted = static_cast<int>(directives.size());
    return out;
}

}  // namespace kpatch::build
