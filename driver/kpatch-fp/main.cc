// SPDX-License-Identifier: GPL-2.0
//
// kpatch-fp - inspect what kpatch.so recorded in objects.
//
//   kpatch-fp dump OBJ             the records, as stable text
//   kpatch-fp diff ORIG.o PATCHED.o  new / changed / removed, with reasons
//
// Exit status: 0 on success (whether or not diff found changes), 1 on an
// error (unreadable object, no record, other format version), 2 on usage.
#include "commands.h"

#include "kpatch/fingerprint.h"

#include <fmt/format.h>

#include <string_view>

namespace {

constexpr const char *kUsage =
    "usage: kpatch-fp dump OBJ\n"
    "       kpatch-fp diff ORIG.o PATCHED.o\n";

int usage(std::string_view problem)
{
    fmt::print(stderr, "kpatch-fp: {}\n{}", problem, kUsage);
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage("no command given");
    std::string_view cmd = argv[1];
    if (cmd == "-h" || cmd == "--help") {
        fmt::print("{}", kUsage);
        return 0;
    }
    try {
        if (cmd == "dump") {
            if (argc != 3)
                return usage("dump takes one object");
            kpatch::fpcli::dump(argv[2], stdout);
            return 0;
        }
        if (cmd == "diff") {
            if (argc != 4)
                return usage("diff takes two objects: ORIG.o PATCHED.o");
            kpatch::fpcli::diff(argv[2], argv[3], stdout);
            return 0;
        }
    } catch (const kpatch::Error &e) {
        fmt::print(stderr, "kpatch-fp: error: {}\n", e.what());
        return 1;
    } catch (const std::exception &e) {
        // Not expected (every reader error is a kpatch::Error): still a
        // message and exit 1 rather than an abort.
        fmt::print(stderr, "kpatch-fp: internal error: {}\n", e.what());
        return 1;
    }
    return usage(fmt::format("unknown command '{}'", cmd));
}
