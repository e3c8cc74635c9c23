// SPDX-License-Identifier: GPL-2.0
//
// kbuild_member.cc - ask kbuild which objects a configuration builds (see
// kbuild_member.h).
#include "kbuild_member.h"

#include "process.h"
#include "util.h"

#include <sstream>

namespace kpatch::build {
namespace {

// Read with `make -f QUERY obj=DIR` in the tree: the configuration, the
// directory's kbuild file, and one line listing what it builds.  Only
// variables are read; nothing is compiled.
constexpr const char *kQueryMakefile = R"(# kpatch-build: what does one directory build?
include include/config/auto.conf
include scripts/Kbuild.include
src := $(obj)
srctree := .
objtree := .
# What arch/x86/Makefile sets for the directories below it (x86-64 only).
ARCH := x86
SRCARCH := x86
BITS := 64
include $(if $(wildcard $(src)/Kbuild),$(src)/Kbuild,$(src)/Makefile)
kp-parts = $(foreach m,$(1),$($(m:.o=-objs)) $($(m:.o=-y)) $($(m:.o=-m)))
kp-all := $(obj-y) $(obj-m) $(lib-y) $(subdir-y) $(subdir-m)
kp-all += $(call kp-parts,$(obj-y) $(obj-m))
kp-all += $(call kp-parts,$(call kp-parts,$(obj-y) $(obj-m)))
$(info kpatch-kbuild: $(sort $(kp-all)))
.PHONY: kpatch-query
kpatch-query: ; @:
)";

std::string parent_of(const std::string &dir)
{
    size_t slash = dir.rfind('/');
    return slash == std::string::npos ? "" : dir.substr(0, slash);
}

// Directories the top-level Makefile descends into itself (and arch/x86,
// which arch/x86/Makefile adds): the chain stops there.
bool is_top(const std::string &dir)
{
    return dir.find('/') == std::string::npos || dir == "arch/x86";
}

}  // namespace

std::optional<std::set<std::string>> parse_listing(const std::string &make_output)
{
    std::istringstream in(make_output);
    std::string line;
    const std::string tag = "kpatch-kbuild:";
    while (std::getline(in, line)) {
        if (line.rfind(tag, 0) != 0)
            continue;
        std::istringstream words(line.substr(tag.size()));
        std::set<std::string> out;
        for (std::string w; words >> w;)
            out.insert(w);
        return out;
    }
    return std::nullopt;
}

KbuildMembership::KbuildMembership(std::filesystem::path tree, std::filesystem::path query)
    : tree_(std::move(tree)), query_(std::move(query))
{
}

const std::optional<std::set<std::string>> &KbuildMembership::listed(const std::string &dir)
{
    auto it = dirs_.find(dir);
    if (it != dirs_.end())
        return it->second;
    if (!written_) {
        write_file_atomic(query_, kQueryMakefile);
        written_ = true;
    }
    auto r = process::run({{"make", "-s", "--no-print-directory", "-C", tree_.string(), "-f",
                            query_.string(), "obj=" + dir, "kpatch-query"},
                           {},
                           {}});
    std::optional<std::set<std::string>> out;
    if (r.exit_code == 0)
        out = parse_listing(r.output);
    return dirs_[dir] = out;
}

std::optional<bool> KbuildMembership::built(const std::string &object)
{
    std::string dir = parent_of(object);
    std::string name = object.substr(dir.empty() ? 0 : dir.size() + 1);
    while (!dir.empty()) {
        const auto &names = listed(dir);
        if (!names)
            return std::nullopt;
        if (!names->contains(name))
            return false;
        if (is_top(dir))
            return true;
        name = dir.substr(parent_of(dir).size() + 1) + "/";
        dir = parent_of(dir);
    }
    return true;  // a top-level object (kbuild's own rules)
}

}  // namespace kpatch::build
