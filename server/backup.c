/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.c: `fieldcheck-server backup DIR [--keep N]`. A SQLite store is
 * copied with VACUUM INTO (one consistent snapshot while devices sync) into a
 * hidden .part file, the copy is opened and verified like `verify`, and only
 * then renamed to server-YYYYMMDDTHHMMSSZ.db, so a name in DIR always means a
 * checked copy. A PostgreSQL store is dumped by pg_dump in its custom format
 * (one snapshot too: pg_dump reads in a single repeatable-read transaction),
 * the archive is read through to its end by pg_restore, and only then named
 * server-YYYYMMDDTHHMMSSZ.dump; its signatures are verified where it is
 * restored (docs/operating.md section 4), since checking them needs a
 * database to restore it into. --keep N then removes all but the newest N
 * copies of either kind.
 *
 * A backup that fails removes its .part (and the files SQLite keeps beside
 * one it opened). One that is killed cannot, so each backup first removes
 * the .part files it finds in DIR: it holds a lock on DIR (flock) while it
 * runs, so any .part there is the debris of one that ended, never the copy
 * of one still writing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/file.h"
#include "core/opts.h"
#include "server/admin.h"
#include "server/backup.h"

#define _(s) gettext(s)

#define BACKUP_PREFIX "server-"
#define BACKUP_SUFFIX ".db"
#define BACKUP_DUMP_SUFFIX ".dump"

extern char **environ;

static int
backup_is_copy(const struct dirent *d)
{
	static const char *const suffixes[] = {BACKUP_SUFFIX, BACKUP_DUMP_SUFFIX};
	size_t n = strlen(d->d_name), stamp = strlen(BACKUP_PREFIX "20261205T010203Z");

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (n == stamp + strlen(suffixes[i]) &&
		    strncmp(d->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) == 0 &&
		    strcmp(d->d_name + stamp, suffixes[i]) == 0)
			return 1;
	return 0;
}

/* Remove all but the newest keep copies; the names sort by time. */
static int
backup_prune(const char *dir, long keep, struct fc_error *err)
{
	struct dirent **names = NULL;
	char path[4096];
	int n = scandir(dir, &names, backup_is_copy, alphasort), ret = 0;

	if (n < 0)
		return fc_error_set(err, FC_E_IO, _("cannot list %s"), dir);
	for (int i = 0; i < n; i++) {
		if (ret == 0 && i < n - keep) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			if (unlink(path) != 0)
				ret = fc_error_set(err, FC_E_IO, _("cannot remove the old copy %s"),
						   path);
			else
				printf(_("removed the old copy %s\n"), path);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/* The files an unfinished copy leaves: the .part, and SQLite's beside it. */
static const char *const backup_part_tails[] = {"", "-journal", "-wal", "-shm"};

/* Remove part and the files SQLite may have left beside it. */
static void
backup_remove_part(const char *part)
{
	char path[4200];

	for (size_t i = 0; i < sizeof backup_part_tails / sizeof backup_part_tails[0]; i++) {
		snprintf(path, sizeof path, "%s%s", part, backup_part_tails[i]);
		unlink(path);
	}
}

static int
backup_is_part(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	if (strncmp(d->d_name, "." BACKUP_PREFIX, strlen("." BACKUP_PREFIX)) != 0)
		return 0;
	for (size_t i = 0; i < sizeof backup_part_tails / sizeof backup_part_tails[0]; i++) {
		size_t tail = strlen(".part") + strlen(backup_part_tails[i]);
		if (n > tail && strncmp(d->d_name + n - tail, ".part", 5) == 0 &&
		    strcmp(d->d_name + n - tail + 5, backup_part_tails[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Take DIR for this backup (the lock lasts until *lock_fd is closed) and
 * remove what backups killed before their end left there.
 */
static int
backup_claim(const char *dir, int *lock_fd, struct fc_error *err)
{
	struct dirent **names = NULL;
	char path[4200];
	int n;

	*lock_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*lock_fd < 0)
		return fc_error_set(err, FC_E_IO, _("%s: cannot open: %s"), dir, strerror(errno));
	if (flock(*lock_fd, LOCK_EX | LOCK_NB) != 0)
		return fc_error_set(err, FC_E_BUSY,
				    _("another backup into %s is running; wait for it to end"),
				    dir);
	if ((n = scandir(dir, &names, backup_is_part, alphasort)) < 0)
		return fc_error_set(err, FC_E_IO, _("cannot list %s"), dir);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (unlink(path) == 0)
			printf(_("removed %s, left by a backup that did not finish\n"), path);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* Open the copy and check every signature and chain in it. */
static int
backup_check(const char *path, fc_server_verify_fn verify, struct fc_error *err)
{
	struct fc_sstore *copy = NULL;
	int ret;

	if (fc_sstore_open(path, &copy, err) != 0)
		return fc_error_prefix(err, _("the copy %s"), path);
	ret = verify(copy, err);
	fc_sstore_close(copy);
	return ret != 0 ? fc_error_prefix(err, _("the copy %s"), path) : 0;
}

/*
 * Run a PostgreSQL client program (argv[0] found on PATH) in env and wait for
 * it; its own messages go to our standard error, where the admin sees them.
 */
static int
backup_run(char *const argv[], char *const env[], struct fc_error *err)
{
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, env), status;

	if (rc != 0)
		return fc_error_set(err, FC_E_IO,
				    _("cannot run %s: %s (install postgresql-client)"), argv[0],
				    strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return fc_error_set(err, FC_E_IO, _("cannot wait for %s"), argv[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_error_set(err, FC_E_IO, _("%s failed (its message is above)"), argv[0]);
	return 0;
}

/*
 * pg_dump into part, then pg_restore reads the whole archive: a cut or
 * damaged dump fails here. The connection settings (a password too) go to
 * pg_dump in its environment, never in its arguments, which `ps` shows.
 */
static int
backup_pg(const char *uri, const char *part, struct fc_error *err)
{
	char file[4200];
	char *dump[] = {"pg_dump", "--format=custom", file, NULL};
	char *check[] = {"pg_restore", "--file=/dev/null", (char *)part, NULL};
	char **env = NULL;
	int ret;

	snprintf(file, sizeof file, "--file=%s", part);
	if (fc_sstore_pg_env(uri, &env, err) != 0)
		return -1;
	ret = backup_run(dump, env, err);
	fc_sstore_pg_env_free(env);
	if (ret != 0)
		return fc_error_prefix(err, "%s", _("the dump of the PostgreSQL store"));
	if (backup_run(check, environ, err) != 0)
		return fc_error_prefix(err, _("the dump %s does not read back"), part);
	return 0;
}

static int
backup_sqlite(struct fc_sstore *st, const char *part, fc_server_verify_fn verify,
	      struct fc_error *err)
{
	if (fc_sstore_backup(st, part, err) != 0)
		return -1;
	return backup_check(part, verify, err);
}

/* "backup" DIR [--keep N]; *keep 0 when not given. */
static int
backup_args(const struct fc_server_args *a, const char **dir, long *keep, struct fc_error *err)
{
	const char *k;
	char *end = NULL;

	*keep = 0;
	if ((k = fc_server_opt(a, "keep")) != NULL &&
	    ((*keep = strtol(k, &end, 10)) < 1 || *end != '\0'))
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: backup DIR [--keep N] (N at least 1)"));
	if (a->argc != 2)
		return fc_error_set(err, FC_E_USAGE, _("usage: backup DIR [--keep N]"));
	*dir = a->argv[1];
	return 0;
}

/*
 * The folder the copies go to must be there already: it is made once, owned
 * by the service's user (docs/operating.md), and a mistyped path is said
 * rather than made.
 */
static int
backup_dir(const char *dir, struct fc_error *err)
{
	struct stat sb;

	if (stat(dir, &sb) != 0)
		return fc_error_set(err, FC_E_NOTFOUND,
				    _("%s: no such backup folder (%s); make it first, readable by "
				      "the store's owner only: install -d -m 0700 %s"),
				    dir, strerror(errno), dir);
	if (!S_ISDIR(sb.st_mode))
		return fc_error_set(err, FC_E_INVALID,
				    _("%s is not a folder: give the folder the copies go to"), dir);
	return 0;
}

int
fc_server_backup(const char *db, const struct fc_server_args *a, fc_server_verify_fn verify,
		 struct fc_error *err)
{
	const char *dir = NULL, *suffix = fc_sstore_is_pg(db) ? BACKUP_DUMP_SUFFIX : BACKUP_SUFFIX;
	char stamp[32], part[4096], final[4096];
	struct fc_sstore *st = NULL;
	long keep;
	time_t now = time(NULL);
	struct tm tm;
	int ret = -1, fd, lock_fd = -1;

	if (backup_args(a, &dir, &keep, err) != 0)
		return -1;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(final, sizeof final, "%s/" BACKUP_PREFIX "%s%s", dir, stamp, suffix);
	snprintf(part, sizeof part, "%s/." BACKUP_PREFIX "%s%s.part", dir, stamp, suffix);
	/* Opening a SQLite path that names nothing would make an empty store, and back that up. */
	if (!fc_sstore_is_pg(db) && access(db, F_OK) != 0)
		return fc_error_set(err, FC_E_NOTFOUND,
				    _("%s: no store there, nothing was backed up (check --db, "
				      "FIELDCHECK_SERVER_DB or the settings' database)"),
				    db);
	if (backup_dir(dir, err) != 0 || backup_claim(dir, &lock_fd, err) != 0)
		goto out;
	if (access(final, F_OK) == 0) {
		fc_error_set(err, FC_E_EXISTS, _("%s exists already; try again in a second"),
			     final);
		goto out;
	}
	/* The store is opened first either way: it must be one this program can serve. */
	if (fc_sstore_open(db, &st, err) != 0)
		goto out;
	/*
	 * The copy holds all a store holds, the server's signing key and the
	 * console's password hashes included: readable by its owner only,
	 * whatever the umask of the shell it was made from. (VACUUM INTO and
	 * pg_dump both write into an empty file that is already there.)
	 */
	fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || close(fd) != 0) {
		fc_error_set(err, FC_E_IO, _("%s: cannot write: %s"), part, strerror(errno));
		goto out;
	}
	if ((fc_sstore_is_pg(db) ? backup_pg(db, part, err)
				 : backup_sqlite(st, part, verify, err)) != 0) {
		backup_remove_part(part);
		goto out;
	}
	if (fc_file_commit(part, final, FC_FILE_EXCLUSIVE, err) != 0) {
		backup_remove_part(part);
		fc_error_prefix(err, _("cannot name the copy %s"), final);
		goto out;
	}
	printf(_("backed up to %s\n"), final);
	if (keep > 0 && backup_prune(dir, keep, err) != 0)
		goto out;
	/* After the copy, so the line is in the live store (a copy cannot hold its own line). */
	if (keep > 0)
		ret = fc_server_audit(st, err, "backup", "verified copy %s; newest %ld kept", final,
				      keep);
	else
		ret = fc_server_audit(st, err, "backup", "verified copy %s", final);
out:
	fc_sstore_close(st);
	if (lock_fd >= 0)
		close(lock_fd);
	return ret;
}
