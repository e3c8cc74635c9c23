// SPDX-License-Identifier: GPL-2.0
//
// klp_emit.cc - see klp_emit.h.
#include "klp_emit.h"

#include <elf.h>

#include <cstddef>
#include <set>
#include <string>

#include <fmt/core.h>

#include "kpatch/klp.h"
#include "table.h"

namespace kpatch::link {
namespace {

// What livepatch cannot do that the kpatch format can: refused before
// anything is written, naming the function.  (correlate() plans no entry
// jump for this format, link.cc; the first check guards that.)
void check_funcs(const Model &m)
{
    for (const Func &f : m.funcs) {
        const KSymbol &k = m.ksyms[f.ksym];
        if (f.flags & KPATCH_FUNC_ENTRY_JUMP)
            throw Error(Diagnostic{
                .file = k.object,
                .symbol = k.name,
                .what = "has no ftrace entry (notrace, or in a section ftrace skips), and "
                        "livepatch redirects functions only through ftrace",
                .todo = "build this patch in the kpatch format (--format kpatch), whose core "
                        "module writes a jmp over the function's first bytes, or patch its "
                        "callers instead"});
        if (f.flags & KPATCH_FUNC_FORCE_UNSAFE)
            throw Error(Diagnostic{
                .file = k.object,
                .symbol = k.name,
                .what = "KPATCH_FORCE_UNSAFE has no livepatch meaning (livepatch switches each "
                        "task when it is outside every patched function, there is no check to "
                        "skip)",
                .todo = "drop the macro for --format klp, or build in the kpatch format"});
    }
}

// Relocation sections are named after the object whose loading triggers
// them: vmlinux symbols are written as the patch module loads (6.1 applies
// .klp.rela.vmlinux.* then, before jump labels are read); a module's when
// that module is patched.  A module's code may also use symbols of the
// modules it depends on: those wait for the user's object, which cannot
// load before them.
std::string relocation_object(const Model &m, const DynRela &d)
{
    const std::string &object = m.ksyms[d.ksym].object;
    return object == KPATCH_VMLINUX ? object : d.user;
}

class KlpEmitter {
public:
    KlpEmitter(const Model &m, const Options &o, const SymbolPosition &position,
               elf::Writer &w)
        : m_(m), o_(o), position_(position), w_(w), strings_(w, KPATCH_KLP_SEC_STRINGS),
          funcs_(w, KPATCH_KLP_SEC_FUNCS, SHF_WRITE, 8),
          objects_(w, KPATCH_KLP_SEC_OBJECTS, SHF_WRITE, 8),
          hooks_(w, KPATCH_KLP_SEC_HOOKS, SHF_WRITE, 8),
          patch_(w, KPATCH_KLP_SEC_PATCH, SHF_WRITE, 8),
          relocs_(w, KPATCH_KLP_SEC_RELOCS, 0, 8, Load::No),
          reloc_names_(w, KPATCH_KLP_SEC_RELOC_NAMES, Load::No)
    {
    }

    void run()
    {
        drop_placeholder_keys();
        emit_relocations();
        for (const Func &f : m_.funcs)
            emit_func(f);
        for (const Hook &h : m_.hooks)
            append_hook(hooks_, strings_, h);
        std::set<std::string> touched = objects();
        for (const std::string &o : touched)
            strings_.point(objects_, objects_.append(kpatch_klp_object{}), o);
        emit_patch(touched.size());
    }

private:
    // The kpatch format points an early jump key at a zeroed placeholder
    // until kpatch.ko writes the real key; here the kernel writes it from
    // .klp.rela.vmlinux.__jump_table before jump_label reads the entry, and
    // wants the field zero: the placeholder's relocation goes.
    void drop_placeholder_keys()
    {
        for (const DynRela &d : m_.dynrelas) {
            if (!(d.flags & KPATCH_DYNRELA_EARLY))
                continue;
            auto &relas = w_.section(d.section).relas;
            std::erase_if(relas, [&](const elf::OutRela &r) { return r.offset == d.offset; });
        }
    }

    // One kpatch_klp_reloc per dynamic relocation; the post-link step
    // (klp_finish.h) makes the .klp.rela sections and .klp.sym symbols.
    void emit_relocations()
    {
        for (const DynRela &d : m_.dynrelas) {
            const KSymbol &k = m_.ksyms[d.ksym];
            kpatch_klp_reloc r{};
            r.addend = d.addend;
            r.type = d.type;
            r.object = reloc_names_.at(relocation_object(m_, d));
            r.symbol = reloc_names_.at(
                fmt::format(".klp.sym.{}.{},{}", k.object, k.name, position_(d.ksym)));
            uint64_t at = relocs_.append(r);
            relocs_.point(at + offsetof(kpatch_klp_reloc, dest), w_.section_symbol(d.section),
                          static_cast<int64_t>(d.offset));
        }
    }

    void emit_func(const Func &f)
    {
        const KSymbol &k = m_.ksyms[f.ksym];
        kpatch_klp_func e{};
        e.sympos = position_(f.ksym);
        uint64_t at = funcs_.append(e);
        strings_.point(funcs_, at + offsetof(kpatch_klp_func, old_name), k.name);
        strings_.point(funcs_, at + offsetof(kpatch_klp_func, objname), k.object);
        funcs_.point(at + offsetof(kpatch_klp_func, new_func), f.new_symbol, 0);
    }


    // Every object with a replaced function, a callback or a relocation
    // to write when it loads.
    std::set<std::string> objects() const
    {
        std::set<std::string> out;
        for (const Func &f : m_.funcs)
            out.insert(m_.ksyms[f.ksym].object);
        for (const Hook &h : m_.hooks)
            out.insert(h.object);
        for (const DynRela &d : m_.dynrelas)
            out.insert(relocation_object(m_, d));
        return out;
    }

    void emit_patch(size_t nr_objects)
    {
        kpatch_klp_patch p{};
        p.magic = KPATCH_KLP_MAGIC;
        p.version = KPATCH_KLP_VERSION;
        p.flags = o_.replace ? KPATCH_PATCH_REPLACE : 0;
        p.nr_funcs = m_.funcs.size();
        p.nr_objects = nr_objects;
        p.nr_hooks = m_.hooks.size();
        uint64_t at = patch_.append(p);
        strings_.point(patch_, at + offsetof(kpatch_klp_patch, kernel_release), o_.kernel_release);
        if (p.nr_funcs)
            patch_.point_into(at + offsetof(kpatch_klp_patch, funcs), funcs_, 0);
        if (p.nr_objects)
            patch_.point_into(at + offsetof(kpatch_klp_patch, objects), objects_, 0);
        if (p.nr_hooks)
            patch_.point_into(at + offsetof(kpatch_klp_patch, hooks), hooks_, 0);
        w_.add_symbol({KPATCH_KLP_PATCH_SYMBOL, STT_OBJECT, STB_GLOBAL, 0, patch_.id(), at,
                       sizeof(kpatch_klp_patch)});
    }

    const Model &m_;
    const Options &o_;
    const SymbolPosition &position_;
    elf::Writer &w_;
    StringPool strings_;
    Table funcs_, objects_, hooks_, patch_, relocs_;
    StringPool reloc_names_;
};

}  // namespace

void emit_klp(const Model &model, const Options &options, const SymbolPosition &position,
              elf::Writer &writer)
{
    check_funcs(model);
    KlpEmitter(model, options, position, writer).run();
}

}  // namespace kpatch::link
