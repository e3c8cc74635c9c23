// SPDX-License-Identifier: GPL-2.0
/* kpp_window100.ko - patches 100 of kpt_many_* (kpp_window.h). */
#define KPP_WINDOW_N 100
#include "kpp_window.h"
