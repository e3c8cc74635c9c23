// SPDX-License-Identifier: GPL-2.0
//
// patch_kind.h - the two kinds of patch module the kpatch tool manages:
// kpatch-format ones (kpatch-NAME.ko: need the core module kpatch.ko, live
// in /sys/kernel/kpatch) and livepatch-format ones (livepatch-NAME.ko, or
// any module with modinfo livepatch=Y: the kernel's own livepatch applies
// them, /sys/kernel/livepatch).  Shared by the file side (ko_file.h) and
// the kernel side (kernel.h, livepatch.h).
#pragma once

namespace kpatch::cli {

enum class PatchKind { none, kpatch, livepatch };

inline const char *kind_name(PatchKind k)
{
    switch (k) {
    case PatchKind::kpatch:
        return "kpatch";
    case PatchKind::livepatch:
        return "livepatch";
    default:
        return "none";
    }
}

}  // namespace kpatch::cli
