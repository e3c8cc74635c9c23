// SPDX-License-Identifier: GPL-2.0
//
// diagnostic.h - the one shape in which the ELF layer, the fingerprint
// layer and the linker say what went wrong or what they decided: which
// input (file), which symbol and section, what, and what to do.  A
// refusal, a note and a failure are all Diagnostics; kpatch::Error carries
// one or more of them.  The layers nest (kpatch::elf, kpatch::fp,
// kpatch::link), so `Error` in any of them is this one type: nothing is
// caught to be re-thrown under another name.  A caller that knows more of
// the location (the file being decoded, the source an object came from)
// fills the empty fields in with Error::at().
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kpatch {

struct Diagnostic {
    // Default-initialised members, so a Diagnostic names only what it has:
    // {.symbol = s, .what = w}.
    std::string file = {};     // the input it is about: a source, an object, a module
    std::string symbol = {};
    std::string section = {};
    std::string what = {};     // what is wrong, or what was decided
    std::string todo = {};     // what to do about it; "" when there is nothing to do

    bool operator==(const Diagnostic &) const = default;
};

// "FILE: 'symbol' (section): what; todo", leaving out the parts not set
// ("FILE: section NAME: what" without a symbol).
inline std::string to_string(const Diagnostic &d)
{
    std::string s;
    if (!d.file.empty())
        s += d.file + ": ";
    if (!d.symbol.empty())
        s += d.section.empty() ? fmt::format("'{}': ", d.symbol)
                               : fmt::format("'{}' ({}): ", d.symbol, d.section);
    else if (!d.section.empty())
        s += fmt::format("section {}: ", d.section);
    s += d.what;
    if (!d.todo.empty())
        s += "; " + d.todo;
    return s;
}

inline std::string to_string(const std::vector<Diagnostic> &all)
{
    std::string s;
    for (const Diagnostic &d : all)
        s += (s.empty() ? "" : "\n") + to_string(d);
    return s;
}

class Error : public std::runtime_error {
public:
    explicit Error(Diagnostic d) : Error(std::vector<Diagnostic>{std::move(d)}) {}
    explicit Error(std::vector<Diagnostic> all)
        : std::runtime_error(to_string(all)), all_(std::move(all))
    {
    }
    // A message about no one input (the command line, the environment), or
    // one whose text already names its file.
    explicit Error(std::string what) : Error(Diagnostic{.what = std::move(what)}) {}

    const std::vector<Diagnostic> &diagnostics() const { return all_; }

    // The same error with FILE (and SECTION) filled in where not set.
    Error at(const std::string &file, const std::string &section = "") const
    {
        std::vector<Diagnostic> all = all_;
        for (Diagnostic &d : all) {
            if (d.file.empty())
                d.file = file;
            if (d.section.empty())
                d.section = section;
        }
        return Error(std::move(all));
    }

    // The same error with what to do about it, where nothing was said.
    Error with_todo(const std::string &todo) const
    {
        std::vector<Diagnostic> all = all_;
        for (Diagnostic &d : all)
            if (d.todo.empty())
                d.todo = todo;
        return Error(std::move(all));
    }

private:
    std::vector<Diagnostic> all_;
};

}  // namespace kpatch
