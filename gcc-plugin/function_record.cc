// SPDX-License-Identifier: GPL-2.0
//
// function_record.cc - see function_record.h.
#include "function_record.h"

#include "decl_names.h"
#include "gimple_hash.h"
#include "rtl_hash.h"
#include "unit.h"

#include <map>

namespace kpatch::plugin {
namespace {

// Functions inlined into `fn`, found through the BLOCK tree: GCC keeps the
// outer scope of every inlined body, even at -g0 (for late diagnostics).
void collect_inlined(tree block, const std::string &self, std::map<std::string, uint64_t> &out)
{
    for (; block; block = BLOCK_CHAIN(block)) {
        tree origin = block_ultimate_origin(block);
        if (origin && TREE_CODE(origin) == FUNCTION_DECL) {
            std::string name = source_name(origin);
            if (name != self) {
                auto it = unit().gimple_hashes.find(name);
                out.emplace(name, it == unit().gimple_hashes.end() ? 0 : it->second);
            }
        }
        collect_inlined(BLOCK_SUBBLOCKS(block), self, out);
    }
}

// The function has an ftrace entry: the -pg/-mfentry profiling call (GCC
// sets crtl->profile unless the function is no_instrument_function, i.e.
// the kernel's `notrace`) or a patchable-function-entry area.
bool has_ftrace_entry(function *fn)
{
    if (crtl->profile)
        return true;
    tree attr = lookup_attribute("patchable_function_entry", DECL_ATTRIBUTES(fn->decl));
    if (attr) {
        tree args = TREE_VALUE(attr);
        return args && tree_fits_uhwi_p(TREE_VALUE(args)) && tree_to_uhwi(TREE_VALUE(args)) > 0;
    }
    return flag_patchable_function_entry && atoi(flag_patchable_function_entry) > 0;
}

// Clones carry numbered names (DECL_NAME foo.isra.0); their own-body hash
// is their origin's, recorded under the plain C identifier.
std::string origin_name(const_tree decl)
{
    std::string name = source_name(decl);
    return name.substr(0, name.find('.'));
}

bool is_init_section(const std::string &s)
{
    return s.starts_with(".init.text") || s.starts_with(".exit.text");
}

}  // namespace

std::string section_name(section *s)
{
    if (!s)
        return "";
    if (s->common.flags & SECTION_NAMED)
        return s->named.name;
    if (s == text_section)
        return ".text";
    if (s == data_section)
        return ".data";
    if (s == readonly_data_section)
        return ".rodata";
    if (s == bss_section || s == lcomm_section || s == bss_noswitch_section)
        return ".bss";
    if (s == comm_section)
        return "COMMON";
    if (s == tls_comm_section)
        return ".tbss";
    return "?";
}

void record_own_body(function *fn)
{
    std::string tokens;
    Unit &u = unit();
    uint64_t h = hash_gimple_body(fn, u.trace ? &tokens : nullptr);
    std::string name = source_name(fn->decl);
    u.gimple_hashes[name] = h;
    trace("gimple", name, h, tokens);
}

void record_final_rtl(function *fn)
{
    Unit &u = unit();
    RtlFingerprint rtl = hash_rtl(get_insns(), u.trace != nullptr);
    fp::FunctionRecord f;
    f.symbol = symbol_name(fn->decl);
    f.binding = binding_of(fn->decl);
    f.rtl_hash = rtl.hash;
    std::string name = origin_name(fn->decl);
    auto own = u.gimple_hashes.find(name);
    f.gimple_hash = own == u.gimple_hashes.end() ? 0 : own->second;
    std::map<std::string, uint64_t> inlined;
    collect_inlined(DECL_INITIAL(fn->decl), name, inlined);
    for (auto &[callee, hash] : inlined)
        f.inlined.push_back({callee, hash});
    for (auto &[sym, ref] : rtl.references)
        if (sym != f.symbol)
            f.references.push_back(ref);
    f.has_fentry = has_ftrace_entry(fn);
    trace("rtl", f.symbol, rtl.hash, rtl.tokens);
    u.pending = std::move(f);
}

void record_sections(function *fn)
{
    Unit &u = unit();
    if (!u.pending)
        return;
    fp::FunctionRecord f = std::move(*u.pending);
    u.pending.reset();
    f.section = DECL_SECTION_NAME(fn->decl) ? DECL_SECTION_NAME(fn->decl)
                                             : section_name(function_section(fn->decl));
    f.is_init = is_init_section(f.section);
    if (crtl->has_bb_partition) {
        fp::FunctionRecord cold = f;
        cold.symbol = f.symbol + ".cold";
        cold.section = section_name(unlikely_text_section());
        cold.binding = fp::Binding::Local;  // GCC emits foo.cold as a local symbol
        cold.has_fentry = false;
        cold.inlined.clear();
        cold.references.clear();
        u.record.functions.push_back(std::move(f));
        u.record.functions.push_back(std::move(cold));
        return;
    }
    u.record.functions.push_back(std::move(f));
}

}  // namespace kpatch::plugin
