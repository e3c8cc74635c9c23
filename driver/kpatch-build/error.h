// SPDX-License-Identifier: GPL-2.0
//
// error.h - the one exception type of kpatch-build.  Every failure a user
// can act on is thrown as Error with a message that names the file, symbol
// or command and says what to do; main() prints it and exits non-zero.
// Interrupted is thrown when SIGINT/SIGTERM/SIGHUP arrived, after the child
// process (if any) ended, so destructors restore the source tree.
//
// An Error carries what kind of outcome it is, for the per-release report
// of a build for several releases (releases.h): most are failures; a few
// say something about the release rather than about the build.  It is the
// project's one error type (kpatch/diagnostic.h) with that kind added: a
// refusal of the linker keeps its diagnostics (file, symbol, section).
#pragma once

#include <kpatch/diagnostic.h>

#include <fmt/core.h>

#include <stdexcept>
#include <string>

namespace kpatch::build {

enum class ErrorKind {
    Failed,        // the build could not be done: what to fix is in the message
    Refused,       // the change cannot be live-patched (the reason is the message)
    NotAffected,   // the patched code is not built in this kernel's configuration
    AlreadyFixed,  // the source already contains the patch (it reverse-applies)
};

class Error : public kpatch::Error {
public:
    explicit Error(const std::string &msg) : kpatch::Error(msg) {}

    template <typename... Args>
    explicit Error(fmt::format_string<Args...> f, Args &&...args)
        : kpatch::Error(fmt::format(f, std::forward<Args>(args)...)) {}

    template <typename... Args>
    Error(ErrorKind kind, fmt::format_string<Args...> f, Args &&...args)
        : kpatch::Error(fmt::format(f, std::forward<Args>(args)...)), kind_(kind) {}

    Error(ErrorKind kind, std::vector<Diagnostic> all)
        : kpatch::Error(std::move(all)), kind_(kind) {}

    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_ = ErrorKind::Failed;
};

class Interrupted : public std::runtime_error {
public:
    explicit Interrupted(int signo)
        : std::runtime_error("interrupted"), signo_(signo) {}
    int signo() const { return signo_; }

private:
    int signo_;
};

}  // namespace kpatch::build
