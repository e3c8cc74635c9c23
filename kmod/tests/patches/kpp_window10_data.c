// SPDX-License-Identifier: GPL-2.0
/* kpp_window10.ko - patches 10 of kpt_many_* (kpp_window.h). */
#define KPP_WINDOW_N 10
#include "kpp_window.h"
