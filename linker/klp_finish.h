// SPDX-License-Identifier: GPL-2.0
//
// klp_finish.h - the post-link step of a livepatch-format module.
//
// kbuild links the patch module with `ld -r`, which cannot carry livepatch
// relocations through: a .klp.rela section comes out as an unknown section
// type without its link and info, and an SHN_LIVEPATCH symbol as an
// absolute one.  So kpatch-link leaves them as kpatch_klp_reloc records
// (include/kpatch/klp.h), and this step, run on the linked .ko, writes
// them as the kernel wants them (Documentation/livepatch/
// module-elf-format.rst): one SHT_RELA section per object and target
// section, .klp.rela.OBJ.SECTION with SHF_ALLOC | SHF_INFO_LINK |
// SHF_RELA_LIVEPATCH, linked to .symtab, against GLOBAL symbols
// .klp.sym.OBJ.NAME,POS in SHN_LIVEPATCH appended to .symtab.  Signing, if
// any, comes after.
#pragma once

#include <cstddef>
#include <string>

namespace kpatch::link {

struct FinishReport {
    size_t relocations = 0;  // .klp.rela entries written
    size_t sections = 0;     // .klp.rela sections written
    size_t symbols = 0;      // .klp.sym symbols added
};

// Reads the linked module ko and writes the finished one to output (may
// be ko itself; written through a temporary file and a rename).  Throws
// Error naming the module and the record for a module that is not a
// kpatch-link livepatch module, one already finished, or a record whose
// field is not in a loaded section or not zero (the kernel's x86
// relocation code refuses a field that is not).
FinishReport finish_klp(const std::string &ko, const std::string &output);

}  // namespace kpatch::link
