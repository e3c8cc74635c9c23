// SPDX-License-Identifier: GPL-2.0
//
// abi_emit.cc - serialise the Model into struct kpatch_patch and the arrays
// it points to.  The structures are filled through the C header itself,
// so a layout change in abi.h cannot silently disagree with this writer.
#include "abi_emit.h"

#include <elf.h>

#include <cstddef>

#include "kpatch/abi.h"
#include "table.h"

namespace kpatch::link {
namespace {

class Emitter {
public:
    Emitter(const Model &m, const Options &o, elf::Writer &w)
        : m_(m), o_(o), w_(w), strings_(w, KPATCH_SEC_STRINGS),
          anchors_(w, KPATCH_SEC_ANCHORS, SHF_WRITE, 8), symbols_(w, KPATCH_SEC_SYMBOLS, SHF_WRITE, 8),
          orig_(w, KPATCH_SEC_ORIG, 0, 16), masks_(w, KPATCH_SEC_MASKS, 0, 8),
          funcs_(w, KPATCH_SEC_FUNCS, SHF_WRITE, 8), dynrelas_(w, KPATCH_SEC_DYNRELAS, SHF_WRITE, 8),
          hooks_(w, KPATCH_SEC_HOOKS, SHF_WRITE, 8), patch_(w, KPATCH_SEC_PATCH, SHF_WRITE, 8)
    {
    }

    void run()
    {
        for (const KSymbol &k : m_.ksyms)
            symbol_offsets_.push_back(emit_symbol(k));
        for (size_t i = 0; i < m_.ksyms.size(); i++)
            if (m_.ksyms[i].ref)
                symbols_.point_into(symbol_offsets_[i] + offsetof(kpatch_symbol, ref_func),
                                    symbols_, symbol_offsets_[m_.ksyms[i].ref->func_ksym]);
        for (const Func &f : m_.funcs)
            emit_func(f);
        for (const DynRela &d : m_.dynrelas)
            emit_dynrela(d);
        for (const Hook &h : m_.hooks)
            append_hook(hooks_, strings_, h);
        emit_patch();
    }

private:
    void point_str(Table &t, uint64_t field, const std::string &s) { strings_.point(t, field, s); }

    uint64_t emit_symbol(const KSymbol &k)
    {
        kpatch_symbol s{};
        s.nr_anchors = k.anchors.size();
        s.anchor_self = k.anchor_self;
        s.size = k.size;
        if (k.ref) {
            s.ref_offset = k.ref->offset;
            s.ref_type = k.ref->type;
            s.ref_addend = k.ref->addend;
        }
        uint64_t at = symbols_.append(s);
        point_str(symbols_, at + offsetof(kpatch_symbol, name), k.name);
        point_str(symbols_, at + offsetof(kpatch_symbol, objname), k.object);
        if (!k.anchors.empty()) {
            uint64_t list = anchors_.size();
            for (const std::string &a : k.anchors)
                point_str(anchors_, anchors_.append(uint64_t{0}), a);
            anchors_.append(uint64_t{0});
            symbols_.point_into(at + offsetof(kpatch_symbol, anchors), anchors_, list);
        }
        return at;
    }

    void emit_func(const Func &f)
    {
        uint64_t code = orig_.append_bytes(f.orig);
        uint64_t masks = masks_.size();
        for (const Range &r : f.masks)
            masks_.append(kpatch_mask{static_cast<u32>(r.begin), static_cast<u32>(r.end - r.begin)});
        kpatch_func k{};
        k.new_size = f.new_size;
        k.nr_masks = f.masks.size();
        k.flags = f.flags;
        uint64_t at = funcs_.append(k);
        funcs_.point(at + offsetof(kpatch_func, new_addr), f.new_symbol, 0);
        funcs_.point_into(at + offsetof(kpatch_func, symbol), symbols_, symbol_offsets_[f.ksym]);
        funcs_.point_into(at + offsetof(kpatch_func, orig_code), orig_, code);
        if (!f.masks.empty())
            funcs_.point_into(at + offsetof(kpatch_func, masks), masks_, masks);
    }

    void emit_dynrela(const DynRela &d)
    {
        kpatch_dynrela k{};
        k.addend = d.addend;
        k.type = d.type;
        k.flags = d.flags;
        uint64_t at = dynrelas_.append(k);
        dynrelas_.point(at + offsetof(kpatch_dynrela, dest), w_.section_symbol(d.section),
                        static_cast<int64_t>(d.offset));
        dynrelas_.point_into(at + offsetof(kpatch_dynrela, symbol), symbols_,
                             symbol_offsets_[d.ksym]);
    }


    void emit_patch()
    {
        kpatch_patch p{};
        p.magic = KPATCH_MAGIC;
        p.abi_version = KPATCH_ABI_VERSION;
        p.flags = o_.replace ? KPATCH_PATCH_REPLACE : 0;
        p.nr_funcs = m_.funcs.size();
        p.nr_dynrelas = m_.dynrelas.size();
        p.nr_hooks = m_.hooks.size();
        uint64_t at = patch_.append(p);
        point_str(patch_, at + offsetof(kpatch_patch, kernel_release), o_.kernel_release);
        point_str(patch_, at + offsetof(kpatch_patch, kernel_version), o_.kernel_version);
        if (!m_.funcs.empty())
            patch_.point_into(at + offsetof(kpatch_patch, funcs), funcs_, 0);
        if (!m_.dynrelas.empty())
            patch_.point_into(at + offsetof(kpatch_patch, dynrelas), dynrelas_, 0);
        if (!m_.hooks.empty())
            patch_.point_into(at + offsetof(kpatch_patch, hooks), hooks_, 0);
        w_.add_symbol({KPATCH_PATCH_SYMBOL, STT_OBJECT, STB_GLOBAL, 0, patch_.id(), at,
                       sizeof(kpatch_patch)});
    }

    const Model &m_;
    const Options &o_;
    elf::Writer &w_;
    StringPool strings_;
    Table anchors_, symbols_, orig_, masks_, funcs_, dynrelas_, hooks_, patch_;
    std::vector<uint64_t> symbol_offsets_;
};

}  // namespace

void emit_abi(const Model &model, const Options &options, elf::Writer &writer)
{
    Emitter(model, options, writer).run();
}

}  // namespace kpatch::link
