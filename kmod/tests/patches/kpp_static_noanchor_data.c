// SPDX-License-Identifier: GPL-2.0
/* kpp_static_noanchor.ko - kpp_static without anchors: must be refused. */
#define KPP_NO_ANCHORS
#include "kpp_static_data.c"
