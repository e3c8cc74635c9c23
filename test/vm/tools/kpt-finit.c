// SPDX-License-Identifier: GPL-2.0
/*
 * kpt-finit - load a module with finit_module(2) and its ignore flags,
 * which busybox's insmod cannot pass (kmod's `insmod -f` does, with both):
 * test/vm/scenarios/core-foreign.sh.
 *
 *   kpt-finit FILE.ko none|vermagic|modversions|both [PARAMS]
 *
 * Prints "ok", or "error: <errno name>" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/module.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int parse_flags(const char *s)
{
	if (!strcmp(s, "none"))
		return 0;
	if (!strcmp(s, "vermagic"))
		return MODULE_INIT_IGNORE_VERMAGIC;
	if (!strcmp(s, "modversions"))
		return MODULE_INIT_IGNORE_MODVERSIONS;
	if (!strcmp(s, "both"))
		return MODULE_INIT_IGNORE_VERMAGIC | MODULE_INIT_IGNORE_MODVERSIONS;
	return -1;
}

static const char *errno_name(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOEXEC: return "ENOEXEC";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EKEYREJECTED: return "EKEYREJECTED";
	case EPERM: return "EPERM";
	default: return strerror(e);
	}
}

int main(int argc, char **argv)
{
	int fd, flags;

	if (argc < 3 || argc > 4 || (flags = parse_flags(argv[2])) < 0) {
		fprintf(stderr, "usage: kpt-finit FILE.ko none|vermagic|modversions|both [PARAMS]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		printf("error: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (syscall(SYS_finit_module, fd, argc == 4 ? argv[3] : "", flags)) {
		printf("error: %s\n", errno_name(errno));
		return 1;
	}
	puts("ok");
	return 0;
}
