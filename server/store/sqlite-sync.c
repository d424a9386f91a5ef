/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite-sync.c: group commit for the SQLite store. A request is
 * answered only once its commit survives a power cut, as with
 * `PRAGMA synchronous = FULL`; but FULL makes each commit wait for its own
 * fsync while holding the write lock, so eight devices sending one record
 * each get little more than one device does (issue 20). Instead the store
 * runs with NORMAL (the WAL is written at commit, not synced) and every
 * commit then waits here for an fsync of the WAL that began after it
 * finished: one fsync, done by whichever waiting thread comes first, makes
 * every commit before it durable at once. A commit is answered no sooner
 * than with FULL and the disk sees one flush per group, not per request.
 *
 * The request threads of one process also take turns to write through a
 * mutex here rather than through SQLite's busy handler, which sleeps (1, 2,
 * 5, 10 ms ...) between tries: a thread waiting for the write lock gets it
 * the moment the previous commit ends, and syncs while the next one writes.
 * Other processes (the command line) still meet the busy handler.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server/store/internal.h"

#define SYNC_FILES 8 /* stores one process opens at once (tests open a few) */
#define SYNC_PATH_MAX 4096

/*
 * One store file's group: its writers' lock, and its WAL's fsyncs begun and
 * finished, in order.
 */
struct sync_file {
	char wal[SYNC_PATH_MAX];
	pthread_mutex_t writer;
	uint64_t begun, done;
	int running;
	int failed_errno; /* of the newest fsync that finished; 0 when it worked */
};

static pthread_mutex_t sync_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sync_cv = PTHREAD_COND_INITIALIZER;
static struct sync_file sync_files[SYNC_FILES];

/* The group of path's WAL (created on first use); NULL when the table is full. */
static struct sync_file *
sync_file(const char *path)
{
	char wal[SYNC_PATH_MAX];
	struct sync_file *free_slot = NULL;

	if (snprintf(wal, sizeof wal, "%s-wal", path) >= (int)sizeof wal)
		return NULL;
	for (int i = 0; i < SYNC_FILES; i++) {
		if (strcmp(sync_files[i].wal, wal) == 0)
			return &sync_files[i];
		if (sync_files[i].wal[0] == '\0' && free_slot == NULL)
			free_slot = &sync_files[i];
	}
	if (free_slot != NULL) {
		snprintf(free_slot->wal, sizeof free_slot->wal, "%s", wal);
		pthread_mutex_init(&free_slot->writer, NULL);
	}
	return free_slot;
}

/*
 * Open and fsync the WAL. Opening it again each time follows the file SQLite
 * uses now; a WAL that is gone was checkpointed into the database (which
 * SQLite syncs then) when the last connection closed.
 */
static int
sync_wal(const char *wal)
{
	int fd = open(wal, O_RDONLY | O_CLOEXEC);
	int e = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : errno;
	if (fsync(fd) != 0)
		e = errno;
	close(fd);
	return e;
}

void *
fc_sstore_lite_group(const char *path)
{
	struct sync_file *f;

	pthread_mutex_lock(&sync_mu);
	f = sync_file(path);
	pthread_mutex_unlock(&sync_mu);
	return f;
}

void
fc_sstore_lite_write_lock(void *group)
{
	if (group != NULL)
		pthread_mutex_lock(&((struct sync_file *)group)->writer);
}

void
fc_sstore_lite_write_unlock(void *group)
{
	if (group != NULL)
		pthread_mutex_unlock(&((struct sync_file *)group)->writer);
}

int
fc_sstore_lite_durable(void *group, const char *path, struct fc_error *err)
{
	struct sync_file *f = group;
	uint64_t need;
	int e = 0;

	pthread_mutex_lock(&sync_mu);
	if (f == NULL) {
		char wal[SYNC_PATH_MAX];

		pthread_mutex_unlock(&sync_mu);
		snprintf(wal, sizeof wal, "%s-wal", path);
		e = sync_wal(wal);
		goto out;
	}
	/* An fsync running now may have begun before this commit: wait for the next one. */
	need = f->begun + 1;
	while (f->done < need) {
		if (!f->running) {
			uint64_t mine = ++f->begun;

			f->running = 1;
			pthread_mutex_unlock(&sync_mu);
			e = sync_wal(f->wal);
			pthread_mutex_lock(&sync_mu);
			f->running = 0;
			f->done = mine;
			f->failed_errno = e;
			pthread_cond_broadcast(&sync_cv);
		} else {
			pthread_cond_wait(&sync_cv, &sync_mu);
		}
	}
	e = f->failed_errno;
	pthread_mutex_unlock(&sync_mu);
out:
	if (e != 0)
		return fc_error_set(err, e == ENOSPC ? FC_E_FULL : FC_E_IO,
				    "cannot make the commit durable: %s-wal: %s", path,
				    strerror(e));
	return 0;
}
