/*
 * support.c: locating the source tree from a unit test, whatever the depth of
 * the build directory it was built into (build/san/tests, build-x/tests).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

int
fc_test_src_path(char *out, size_t size, const char *rel)
{
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *root = getenv("FC_ROOT");
	char *slash;

	if (root != NULL && root[0] != '\0') {
		snprintf(out, size, "%s/%s", root, rel);
		return 0;
	}
	if (len <= 0)
		return -1;
	exe[len] = '\0';
	for (int up = 0; up < 5 && (slash = strrchr(exe, '/')) != NULL; up++) {
		*slash = '\0';
		snprintf(out, size, "%s/schema/checklists/gas.json", exe);
		if (access(out, R_OK) == 0) {
			snprintf(out, size, "%s/%s", exe, rel);
			return 0;
		}
	}
	return -1;
}
