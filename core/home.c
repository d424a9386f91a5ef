/* SPDX-License-Identifier: Apache-2.0 */
/*
 * home.c: resolving the data directory from the environment (FIELDCHECK_HOME,
 * else XDG_DATA_HOME, else HOME; README), and creating it private to the user
 * because it holds the signing key.
 */
#include <libintl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "home.h"

#define _(s) gettext(s)

static int
home_join(char *out, const char *dir, const char *name, struct fc_error *err)
{
	int n = snprintf(out, FC_PATH_MAX, "%s/%s", dir, name);

	if (n < 0 || n >= FC_PATH_MAX)
		return fc_error_set(err, FC_E_USAGE, _("%s: path too long"), dir);
	return 0;
}

int
fc_home_resolve(struct fc_home *home, struct fc_error *err)
{
	const char *env = getenv("FIELDCHECK_HOME");
	int n;

	if (env != NULL && env[0] != '\0') {
		n = snprintf(home->dir, sizeof home->dir, "%s", env);
	} else if ((env = getenv("XDG_DATA_HOME")) != NULL && env[0] == '/') {
		/*
		 * The base directory spec: a relative XDG_DATA_HOME is invalid and
		 * ignored. Taken as given, the home would move with the working
		 * directory, and the records seem to vanish in another one.
		 */
		n = snprintf(home->dir, sizeof home->dir, "%s/fieldcheck", env);
	} else if ((env = getenv("HOME")) != NULL && env[0] != '\0') {
		n = snprintf(home->dir, sizeof home->dir, "%s/.local/share/fieldcheck", env);
	} else {
		return fc_error_set(err, FC_E_USAGE,
				    _("no data directory: set FIELDCHECK_HOME or HOME"));
	}
	if (n < 0 || (size_t)n >= sizeof home->dir)
		return fc_error_set(err, FC_E_USAGE, _("data directory path too long"));
	/* A trailing slash would make every joined path look different in messages. */
	while (n > 1 && home->dir[n - 1] == '/')
		home->dir[--n] = '\0';
	if (home_join(home->store, home->dir, "store.db", err) != 0 ||
	    home_join(home->key, home->dir, "key.json", err) != 0 ||
	    home_join(home->photos, home->dir, "photos", err) != 0)
		return -1;
	return 0;
}

static int
home_mkdir_p(const char *path, struct fc_error *err)
{
	char tmp[FC_PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof tmp)
		return fc_error_set(err, FC_E_USAGE, _("%s: path too long"), path);
	memcpy(tmp, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		char c = tmp[i];
		tmp[i] = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return fc_error_set(err, FC_E_IO, _("cannot create %s: %s"), tmp,
					    strerror(errno));
		tmp[i] = c;
	}
	return 0;
}

int
fc_home_create(const struct fc_home *home, struct fc_error *err)
{
	if (home_mkdir_p(home->dir, err) != 0 || home_mkdir_p(home->photos, err) != 0)
		return -1;
	return 0;
}
