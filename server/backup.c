/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.c: `fieldcheck-server backup DIR [--keep N]`. The store is copied
 * with VACUUM INTO (one consistent snapshot while devices sync) into a
 * hidden .part file, the copy is opened and verified like `verify`, and only
 * then renamed to server-YYYYMMDDTHHMMSSZ.db, so a name in DIR always means a
 * checked copy. --keep N then removes all but the newest N copies.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/file.h"
#include "server/admin.h"
#include "server/backup.h"

#define BACKUP_PREFIX "server-"
#define BACKUP_SUFFIX ".db"

static int
backup_is_copy(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n == strlen(BACKUP_PREFIX "20261205T010203Z" BACKUP_SUFFIX) &&
	       strncmp(d->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) == 0 &&
	       strcmp(d->d_name + n - strlen(BACKUP_SUFFIX), BACKUP_SUFFIX) == 0;
}

/* Remove all but the newest keep copies; the names sort by time. */
static int
backup_prune(const char *dir, long keep, struct fc_error *err)
{
	struct dirent **names = NULL;
	char path[4096];
	int n = scandir(dir, &names, backup_is_copy, alphasort), ret = 0;

	if (n < 0)
		return fc_error_set(err, FC_E_IO, "cannot list %s", dir);
	for (int i = 0; i < n; i++) {
		if (ret == 0 && i < n - keep) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			if (unlink(path) != 0)
				ret = fc_error_set(err, FC_E_IO, "cannot remove the old copy %s",
						   path);
			else
				printf("removed the old copy %s\n", path);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/* Open the copy and check every signature and chain in it. */
static int
backup_check(const char *path, fc_server_verify_fn verify, struct fc_error *err)
{
	struct fc_sstore *copy = NULL;
	int ret;

	if (fc_sstore_open(path, &copy, err) != 0)
		return fc_error_prefix(err, "the copy %s", path);
	ret = verify(copy, err);
	fc_sstore_close(copy);
	return ret != 0 ? fc_error_prefix(err, "the copy %s", path) : 0;
}

int
fc_server_backup(struct fc_sstore *st, int argc, char **argv, fc_server_verify_fn verify,
		 struct fc_error *err)
{
	static const struct option opts[] = {{"keep", required_argument, NULL, 'k'},
					     {NULL, 0, NULL, 0}};
	char stamp[32], part[4096], final[4096], *end = NULL;
	long keep = 0;
	time_t now = time(NULL);
	struct tm tm;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'k' || (keep = strtol(optarg, &end, 10)) < 1 || *end != '\0')
			return fc_error_set(err, FC_E_USAGE,
					    "usage: backup DIR [--keep N] (N at least 1)");
	}
	if (optind + 1 != argc)
		return fc_error_set(err, FC_E_USAGE, "usage: backup DIR [--keep N]");
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(final, sizeof final, "%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, argv[optind], stamp);
	snprintf(part, sizeof part, "%s/." BACKUP_PREFIX "%s" BACKUP_SUFFIX ".part", argv[optind],
		 stamp);
	if (access(final, F_OK) == 0)
		return fc_error_set(err, FC_E_EXISTS, "%s exists already; try again in a second",
				    final);
	unlink(part);
	if (fc_sstore_backup(st, part, err) != 0)
		return -1;
	if (backup_check(part, verify, err) != 0) {
		unlink(part);
		return -1;
	}
	if (fc_file_commit(part, final, FC_FILE_EXCLUSIVE, err) != 0)
		return fc_error_prefix(err, "cannot name the copy %s", final);
	printf("backed up to %s\n", final);
	if (keep > 0 && backup_prune(argv[optind], keep, err) != 0)
		return -1;
	/* After the copy, so the line is in the live store (a copy cannot hold its own line). */
	if (keep > 0)
		return fc_server_audit(st, err, "backup", "verified copy %s; newest %ld kept",
				       final, keep);
	return fc_server_audit(st, err, "backup", "verified copy %s", final);
}
