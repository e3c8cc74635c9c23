// SPDX-License-Identifier: GPL-2.0
/* kpp_window1.ko - patches 1 of kpt_many_* (kpp_window.h). */
#define KPP_WINDOW_N 1
#include "kpp_window.h"
