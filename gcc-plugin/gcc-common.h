// SPDX-License-Identifier: GPL-2.0
//
// gcc-common.h - the one place the plugin includes GCC's internal headers.
//
// Every other plugin file includes this instead of GCC headers, so the
// include order GCC needs (config.h/system.h first, memmodel.h before
// emit-rtl.h) and any version shim live here only.  The plugin supports
// exactly the GCC it was built against (plugin.cc checks), so there are no
// multi-version #ifs: add them here if a second GCC must be supported.
#pragma once

#include "gcc-plugin.h"
#include "plugin-version.h"
#include "config.h"
#include "system.h"
#include "coretypes.h"
#include "tm.h"
#include "tree.h"
#include "rtl.h"
#include "tm_p.h"
#include "memmodel.h"
#include "emit-rtl.h"
#include "function.h"
#include "basic-block.h"
#include "output.h"
#include "varasm.h"
#include "cgraph.h"
#include "tree-pass.h"
#include "context.h"
#include "diagnostic-core.h"
#include "stringpool.h"
#include "attribs.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "real.h"
#include "toplev.h"
#include "flags.h"
#include "options.h"
#include "target.h"
