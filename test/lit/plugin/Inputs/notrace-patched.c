// SPDX-License-Identifier: GPL-2.0
// The kernel's `notrace` on x86: no __fentry__ call, so ftrace (and with
// it live patching) cannot redirect the function.
#define notrace __attribute__((__no_instrument_function__))

notrace int no_entry(int x)
{
	return x + 10;
}

int traced(int x)
{
	return x + 20;
}
