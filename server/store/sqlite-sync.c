/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite-sync.c: the SQLite store's writers of one process take turns
 * through a mutex here rather than through SQLite's busy handler, which
 * sleeps (1, 2, 5, 10 ms ...) between tries: a thread waiting for the write
 * lock gets it the moment the previous commit ends. Other processes (the
 * command line) still meet the busy handler. Pushes share one commit
 * through store/group.c; this turn is what the others (the nonce of every
 * request, reviews, enrolment) wait for.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "server/store/internal.h"

#define SYNC_FILES 8 /* stores one process opens at once (tests open a few) */
#define SYNC_PATH_MAX 4096

/* One store file's writers' lock. */
struct sync_file {
	char wal[SYNC_PATH_MAX];
	pthread_mutex_t writer;
};

static pthread_mutex_t sync_mu = PTHREAD_MUTEX_INITIALIZER;
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
