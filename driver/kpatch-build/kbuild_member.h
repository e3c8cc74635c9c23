// SPDX-License-Identifier: GPL-2.0
//
// kbuild_member.h - is an object part of the kernel this tree's
// configuration builds?
//
// kbuild compiles any dir/file.o it is asked for, and an object that is in
// neither obj-y nor obj-m compiles as built-in code: compiling it says
// nothing about whether the running kernel contains it.  Real fixes to
// drivers of other architectures (hisilicon clocks, SuperH mmcif, ...)
// built "for vmlinux" and were refused only at load time.  So ask kbuild:
// a directory's Makefile (or Kbuild file), read with the configuration,
// lists its objects in obj-y/obj-m (a composite module's parts in
// NAME-y/NAME-objs), and its parent lists it as "dir/"; an object is built
// when that chain holds up to a top-level directory.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace kpatch::build {

class KbuildMembership {
public:
    // `tree`: a configured kernel tree (include/config/auto.conf);
    // `query`: where to write the helper makefile (a work directory's).
    KbuildMembership(std::filesystem::path tree, std::filesystem::path query);

    // true: built, false: not built in this configuration; nullopt when
    // a Makefile on the way could not be read (then nothing is concluded).
    std::optional<bool> built(const std::string &object);

private:
    // The objects and subdirectories ("name/") one directory builds.
    const std::optional<std::set<std::string>> &listed(const std::string &dir);

    std::filesystem::path tree_;
    std::filesystem::path query_;  // the helper makefile
    bool written_ = false;
    std::map<std::string, std::optional<std::set<std::string>>> dirs_;
};

// The words kpatch's query makefile printed after "kpatch-kbuild:";
// nullopt when there is no such line.  (Exposed for the tests.)
std::optional<std::set<std::string>> parse_listing(const std::string &make_output);

}  // namespace kpatch::build
