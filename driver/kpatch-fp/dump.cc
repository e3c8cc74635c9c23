// SPDX-License-Identifier: GPL-2.0
//
// dump.cc - `kpatch-fp dump`: one block per entity, sorted by canonical
// name so that the text does not depend on GCC's emission order:
//
//   unit a.c gcc=12.2.0 format=1 function-sections=yes data-sections=yes
//   function foo.isra symbol=foo.isra.0 section=.text.foo.isra.0 binding=local fentry=yes
//     clone isra of foo
//     rtl=0123456789abcdef gimple=fedcba9876543210
//     inlined helper gimple=...
//     ref printk global function
//   variable foo::count symbol=count.3 section=.bss.count.3 binding=local size=4
//     init=0000000000000000 owner=foo readonly=no
#include "commands.h"

#include "kpatch/fingerprint.h"

#include <fmt/format.h>

#include <algorithm>

namespace kpatch::fpcli {
namespace {

std::string_view yes_no(bool b)
{
    return b ? "yes" : "no";
}

template <typename Record>
std::vector<const Record *> sorted(const std::vector<Record> &records)
{
    std::vector<const Record *> out;
    for (const auto &r : records)
        out.push_back(&r);
    std::sort(out.begin(), out.end(),
              [](const Record *a, const Record *b) { return a->canonical < b->canonical; });
    return out;
}

void dump_function(const fp::FunctionRecord &f, std::FILE *out)
{
    fmt::print(out, "function {} symbol={} section={} binding={} fentry={}{}\n", f.canonical,
               f.symbol, f.section, fp::to_string(f.binding), yes_no(f.has_fentry),
               f.is_init ? " init" : "");
    if (f.clone_kind != fp::CloneKind::None)
        fmt::print(out, "  clone {} of {}\n", fp::to_string(f.clone_kind), f.clone_of);
    fmt::print(out, "  rtl={:016x} gimple={:016x}\n", f.rtl_hash, f.gimple_hash);
    for (const auto &c : f.inlined)
        fmt::print(out, "  inlined {} gimple={:016x}\n", c.canonical, c.gimple_hash);
    for (const auto &r : f.references)
        fmt::print(out, "  ref {} {} {}\n", r.name, fp::to_string(r.binding),
                   r.is_function ? "function" : "object");
}

void dump_variable(const fp::VariableRecord &v, std::FILE *out)
{
    fmt::print(out, "variable {} symbol={} section={} binding={} size={}\n", v.canonical, v.symbol,
               v.section, fp::to_string(v.binding), v.size);
    fmt::print(out, "  init={:016x}{} readonly={}\n", v.init_hash,
               v.is_static_local() ? " owner=" + v.static_local_owner : "",
               yes_no(v.is_read_only));
}

}  // namespace

void dump(const std::string &path, std::FILE *out)
{
    for (const auto &tu : fp::read_object(path)) {
        fmt::print(out, "unit {} gcc={} format={} function-sections={} data-sections={}\n",
                   tu.source, tu.gcc_version, tu.format_version, yes_no(tu.function_sections),
                   yes_no(tu.data_sections));
        for (const auto *f : sorted(tu.functions))
            dump_function(*f, out);
        for (const auto *v : sorted(tu.variables))
            dump_variable(*v, out);
    }
}

}  // namespace kpatch::fpcli
