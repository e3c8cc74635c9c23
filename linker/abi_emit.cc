// SPDX-License-Identifier: GPL-2.0
//
// abi_emit.cc - serialise the Model into struct kpatch_patch and the arrays
// it points to.  The structures are filled through the C header itself,
// so a layout change in abi.h cannot silently disagree with this writer.
#include "abi_emit.h"

#include <elf.h>

#include <cstddef>
#include <cstring>
#include <map>

#include "kpatch/abi.h"

namespace kpatch::link {
namespace {

// One output section being filled with C structures and pointer fields.
class Table {
public:
    Table(elf::Writer &w, const char *name, uint64_t flags, uint64_t align)
        : w_(w), id_(w.add_section({name, SHT_PROGBITS, SHF_ALLOC | flags, align, 0, {}, 0, {}}))
    {
    }

    uint32_t id() const { return id_; }
    uint64_t size() { return w_.section(id_).bytes.size(); }

    template <typename T> uint64_t append(const T &value)
    {
        auto &bytes = w_.section(id_).bytes;
        uint64_t at = bytes.size();
        bytes.resize(at + sizeof(T));
        std::memcpy(bytes.data() + at, &value, sizeof(T));
        return at;
    }
    uint64_t append_bytes(const std::vector<uint8_t> &b)
    {
        auto &bytes = w_.section(id_).bytes;
        uint64_t at = bytes.size();
        bytes.insert(bytes.end(), b.begin(), b.end());
        return at;
    }
    // The u64 at offset gets the address of symbol + addend at load.
    void point(uint64_t offset, uint32_t symbol, int64_t addend)
    {
        w_.section(id_).relas.push_back({offset, R_X86_64_64, symbol, addend});
    }
    void point_into(uint64_t offset, const Table &t, uint64_t t_offset)
    {
        point(offset, w_.section_symbol(t.id_), static_cast<int64_t>(t_offset));
    }

private:
    elf::Writer &w_;
    uint32_t id_;
};

class Emitter {
public:
    Emitter(const Model &m, const Options &o, elf::Writer &w)
        : m_(m), o_(o), w_(w), strings_(w, KPATCH_SEC_STRINGS, 0, 1),
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
            emit_hook(h);
        emit_patch();
    }

private:
    uint64_t str(const std::string &s)
    {
        auto [it, fresh] = strings_at_.emplace(s, 0);
        if (fresh) {
            std::vector<uint8_t> b(s.begin(), s.end());
            b.push_back(0);
            it->second = strings_.append_bytes(b);
        }
        return it->second;
    }

    void point_str(Table &t, uint64_t field, const std::string &s)
    {
        t.point_into(field, strings_, str(s));
    }

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

    void emit_hook(const Hook &h)
    {
        kpatch_hook k{};
        k.kind = h.kind;
        uint64_t at = hooks_.append(k);
        hooks_.point(at + offsetof(kpatch_hook, fn), h.fn_symbol, 0);
        point_str(hooks_, at + offsetof(kpatch_hook, objname), h.object);
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
    Table strings_, anchors_, symbols_, orig_, masks_, funcs_, dynrelas_, hooks_, patch_;
    std::map<std::string, uint64_t> strings_at_;
    std::vector<uint64_t> symbol_offsets_;
};

}  // namespace

void emit_abi(const Model &model, const Options &options, elf::Writer &writer)
{
    Emitter(model, options, writer).run();
}

}  // namespace kpatch::link
