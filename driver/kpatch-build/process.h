// SPDX-License-Identifier: GPL-2.0
//
// process.h - run the external tools kpatch-build drives (tar, make, patch,
// kpatch-link, sign-file) with fork/exec, no shell.  Output of every
// command goes to the build log; with --debug it is also echoed.  A failed
// command becomes an Error that quotes the tail of its output and names the
// log.  Does not interpret any tool's output.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kpatch::build::process {

struct Command {
    std::vector<std::string> argv;
    std::filesystem::path cwd;          // empty: inherit
    std::vector<std::string> env;       // extra KEY=VALUE entries
};

struct Result {
    int exit_code = 0;                  // 128+N when killed by signal N
    std::string output;                 // stdout and stderr, interleaved
};

// Global settings: the log file every command's output is appended to, and
// whether to echo commands and output to stderr.
void set_log(const std::filesystem::path &log);
const std::filesystem::path &log_path();
void set_verbose(bool verbose);

// Appends a line to the build log (and stderr with --debug).
void log(const std::string &line);

// Runs the command; throws Interrupted if a signal arrived meanwhile.
Result run(const Command &cmd);

// Runs it and throws Error("<what> failed ...") unless it exits 0.
Result run_checked(const Command &cmd, const std::string &what);

// "a b 'c d'" for messages and the log.
std::string quote(const std::vector<std::string> &argv);

// The last n lines of text.
std::string tail(const std::string &text, size_t n);

}  // namespace kpatch::build::process
