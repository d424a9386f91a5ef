/* SPDX-License-Identifier: Apache-2.0 */
/*
 * datadir.c: the search path for shipped data files (order in datadir.h).
 * It only looks; it never creates or copies anything.
 */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"
#include "home.h"

#define _(s) gettext(s)

#ifndef FC_DATADIR
#define FC_DATADIR "/usr/local/share/fieldcheck"
#endif
#ifndef FC_LOCALEDIR
#define FC_LOCALEDIR "/usr/local/share/locale"
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
			    _("%s: not found in the fieldcheck home, $FIELDCHECK_DATA, the source "
			      "tree's schema/ or %s; reinstall fieldcheck"),
			    name, FC_DATADIR);
}

static int
datadir_is_dir(const char *dir)
{
	struct stat sb;

	return dir != NULL && *dir != '\0' && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

void
fc_datadir_locale(char *out, size_t out_size)
{
	const char *env = getenv("FIELDCHECK_LOCALEDIR");
	char exe[FC_PATH_MAX];
	ssize_t n;

	if (datadir_is_dir(env)) {
		snprintf(out, out_size, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(out, out_size, "%s/locale", exe);
			if (datadir_is_dir(out))
				return;
		}
	}
	snprintf(out, out_size, "%s", FC_LOCALEDIR);
}

void
fc_datadir_bind_messages(void)
{
	char dir[FC_PATH_MAX + 16];
	const char *msg = setlocale(LC_MESSAGES, NULL);

	if (msg == NULL || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	fc_datadir_locale(dir, sizeof dir);
	bindtextdomain(FC_TEXT_DOMAIN, dir);
	bind_textdomain_codeset(FC_TEXT_DOMAIN, "UTF-8");
	textdomain(FC_TEXT_DOMAIN);
}
