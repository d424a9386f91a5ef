/* SPDX-License-Identifier: Apache-2.0 */
/*
 * datadir.c: the search path for shipped data files (order in datadir.h).
 * It only looks; it never creates or copies anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "home.h"

#ifndef FC_DATADIR
#define FC_DATADIR "/usr/local/share/fieldcheck"
#endif

static int
datadir_try(const char *dir, const char *name, char *out, size_t out_size)
{
	int n = snprintf(out, out_size, "%s/%s", dir, name);

	return n > 0 && (size_t)n < out_size && access(out, R_OK) == 0;
}

int
fc_datadir_find(const char *name, char *out, size_t out_size, struct fc_error *err)
{
	struct fc_home home;
	struct fc_error ignore = {0};
	const char *env = getenv("FIELDCHECK_DATA");
	char exe[FC_PATH_MAX], dir[FC_PATH_MAX + 16];
	ssize_t len;

	if (fc_home_resolve(&home, &ignore) == 0 && datadir_try(home.dir, name, out, out_size))
		return 0;
	if (env != NULL && *env != '\0' && datadir_try(env, name, out, out_size))
		return 0;
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			/* build/, build/san/ and build/san/tests/ all reach the tree's schema/. */
			snprintf(dir, sizeof dir, "%s/..", exe);
			for (int up = 1; up <= 3; up++) {
				char try[FC_PATH_MAX + 32];

				snprintf(try, sizeof try, "%s/schema", dir);
				if (datadir_try(try, name, out, out_size))
					return 0;
				if (strlen(dir) + 4 < sizeof dir)
					strcat(dir, "/..");
			}
		}
	}
	if (datadir_try(FC_DATADIR, name, out, out_size))
		return 0;
	return fc_error_set(err, FC_E_NOTFOUND,
			    "%s: not found in the fieldcheck home, $FIELDCHECK_DATA, the source "
			    "tree's schema/ or %s; reinstall fieldcheck",
			    name, FC_DATADIR);
}
