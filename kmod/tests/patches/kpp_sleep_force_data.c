// SPDX-License-Identifier: GPL-2.0
/* kpp_sleep_force.ko - kpp_sleep marked force-unsafe: applies, and pins itself. */
#define KPP_FLAGS KPATCH_FUNC_FORCE_UNSAFE
#include "kpp_sleep_data.c"
