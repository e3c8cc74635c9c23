// SPDX-License-Identifier: GPL-2.0
/*
 * kpt-prctl - prctl(PR_SET_NAME / PR_GET_NAME) for VM scenarios, which
 * busybox cannot do: test/vm/scenarios/e2e-prctl-untraceable.sh.
 *
 *   kpt-prctl set-name NAME   prints "ok", or "error: <errno name>" and exits 1
 *   kpt-prctl get-name        prints the thread's name
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

static int report(int ret)
{
	if (ret == 0) {
		puts("ok");
		return 0;
	}
	printf("error: %s\n", errno == EINVAL ? "EINVAL" : strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	char name[17] = "";

	if (argc == 3 && !strcmp(argv[1], "set-name"))
		return report(prctl(PR_SET_NAME, argv[2], 0, 0, 0));
	if (argc == 2 && !strcmp(argv[1], "get-name")) {
		if (report(prctl(PR_GET_NAME, name, 0, 0, 0)))
			return 1;
		puts(name);
		return 0;
	}
	fprintf(stderr, "usage: kpt-prctl set-name NAME | get-name\n");
	return 2;
}
