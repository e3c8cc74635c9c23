// SPDX-License-Identifier: GPL-2.0
//
// sympos.h - livepatch's symbol position (sympos), computed at build time.
//
// An upstream livepatch module names a non-exported symbol
// `.klp.sym.OBJ.NAME,POS` and a replaced function by klp_func.old_sympos.
// POS is 0 when NAME occurs once among OBJ's kallsyms, else the 1-based
// rank of the wanted occurrence in the order klp_find_object_symbol()
// walks them (object_symbols.h has both orders).  Which occurrence is
// wanted is decided by the rules kpatch.ko applies at run time
// (kmod/core/resolve.c), mirrored over the stock object's symbols: a
// reference site read from the stock code first, then the anchors.  When
// they do not single out one occurrence, position() refuses: a wrong POS
// would bind the patch to another function's data.
//
// Sources are the stock files only, no debug package: vmlinux's kallsyms
// from a real System.map or from the tables inside /boot/vmlinuz, and a
// module's from its .ko.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "model.h"
#include "object_symbols.h"

namespace kpatch::link {

struct SymbolSources {
    std::string system_map;   // /boot/System.map-REL; a placeholder or "" -> the image's kallsyms
    std::string image;        // /boot/vmlinuz-REL: kallsyms and reference sites
    std::map<std::string, std::string> modules;  // module name -> its stock .ko
    std::string cache_dir;    // the decompressed image's home; "" = default_cache_dir()
    // Modules not in `modules`: found with stock_module_path(release, name,
    // modules_root) when release is given.
    std::string release;
    std::string modules_root = "/lib/modules";
};

// The decision over one object's symbols: which of them k is.  ref_target
// is the address a reference site names, if one could be read.
struct Choice {
    uint32_t index;  // into syms.names
    uint32_t pos;    // livepatch's sympos
};
// Throws kpatch::Error naming k, its object, the candidates and what to do.
Choice choose(const ObjectSymbols &syms, const KSymbol &k, std::optional<uint64_t> ref_target);

class Sympos {
public:
    explicit Sympos(SymbolSources s);
    ~Sympos();
    Sympos(const Sympos &) = delete;
    Sympos &operator=(const Sympos &) = delete;

    // POS for model.ksyms[i]; each source is loaded once, when first needed.
    // Throws kpatch::Error naming the symbol, its object, the candidates and
    // what to do when it cannot be told.
    uint32_t position(const Model &model, uint32_t i);

private:
    struct Loaded;
    Choice resolve(const Model &model, uint32_t i, int depth);
    std::optional<uint64_t> ref_target(const Model &model, const KSymbol &k, int depth);
    const ObjectSymbols &symbols_of(const std::string &object);

    SymbolSources sources_;
    std::unique_ptr<Loaded> loaded_;
};

// The stock .ko of module `name` for `release` under modules_root
// (/lib/modules): kernel/**/NAME.ko, '-' and '_' equivalent.  Debian 12's
// 6.1 ships them uncompressed (CONFIG_MODULE_COMPRESS_NONE); a compressed
// one (.ko.xz, .ko.zst, .ko.gz) is refused with what to do.  Throws
// kpatch::Error when there is none, or several.
std::string stock_module_path(const std::string &release, const std::string &name,
                              const std::string &modules_root = "/lib/modules");

}  // namespace kpatch::link
