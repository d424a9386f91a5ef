/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/group.c: group commit (issue 20). A push is answered only once its
 * records survive a power cut, which costs a durable commit (SQLite runs
 * with synchronous=FULL, PostgreSQL syncs its WAL). Eight devices sending one
 * record each would otherwise pay eight commits, one after another, each
 * with its transaction's fixed costs. Instead concurrent callers queue their
 * work here: whichever caller finds no transaction running becomes the
 * leader, takes every piece of work queued so far, runs them in order in one
 * transaction on its own handle and commits once; each caller returns only
 * after the commit that holds its writes. Work that arrives meanwhile waits
 * for the next group, which the next free caller leads.
 *
 * The pieces run one after another in one transaction on one connection, so
 * each sees the writes of those before it exactly as if they had run in
 * turn: exactly-once, fork detection and refusal order are those of running
 * them alone. When any piece fails, or the commit does, the group is rolled
 * back and every caller runs its piece again alone, in its own transaction
 * on its own handle, so one failure (or a broken connection) is reported to
 * its own caller only. A piece must therefore reset
 * whatever it reports before it writes anything.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/internal.h"

#define GROUP_FILES 8 /* stores one process opens at once (tests open a few) */
#define GROUP_PATH_MAX 4096
#define GROUP_MAX 64  /* pieces of work in one transaction */
#define GROUP_AGAIN 1 /* the group failed: run the piece again alone */

struct group_work {
	fc_sstore_work_fn fn;
	void *ctx;
	int ret;
	int done;
	struct fc_error err;
	struct group_work *next;
};

/* The queue of one store (a SQLite file or a PostgreSQL URI) in this process. */
struct group {
	char path[GROUP_PATH_MAX];
	struct group_work *head, *tail;
	int leading; /* a caller is running a group now */
};

static pthread_mutex_t group_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t group_cv = PTHREAD_COND_INITIALIZER;
static struct group groups[GROUP_FILES];

void *
fc_sstore_group_of(const char *path)
{
	struct group *g = NULL;

	if (strlen(path) >= GROUP_PATH_MAX)
		return NULL;
	pthread_mutex_lock(&group_mu);
	for (int i = 0; i < GROUP_FILES && g == NULL; i++)
		if (strcmp(groups[i].path, path) == 0)
			g = &groups[i];
	for (int i = 0; i < GROUP_FILES && g == NULL; i++)
		if (groups[i].path[0] == '\0') {
			g = &groups[i];
			snprintf(g->path, sizeof g->path, "%s", path);
		}
	pthread_mutex_unlock(&group_mu);
	return g;
}

/* One piece in its own transaction. */
static int
group_alone(struct fc_sstore *st, fc_sstore_work_fn fn, void *ctx, struct fc_error *err)
{
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (fn(st, ctx, err) != 0 || fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		return -1;
	}
	return 0;
}

/* Run the pieces from first (a list of n) in one transaction on st; each one's ret and err. */
static void
group_run(struct fc_sstore *st, struct group_work *first, size_t n)
{
	struct group_work *w = first;
	struct fc_error err = {0};
	int failed = 0;

	if (n == 1) {
		first->ret = group_alone(st, first->fn, first->ctx, &first->err);
		return;
	}
	if (fc_sstore_begin(st, &err) != 0)
		failed = 1;
	for (size_t i = 0; i < n && !failed; i++, w = w->next)
		failed = w->fn(st, w->ctx, &w->err) != 0;
	if (!failed && fc_sstore_commit(st, &err) == 0) {
		for (w = first; w != NULL; w = w->next)
			w->ret = 0;
		return;
	}
	fc_sstore_rollback(st);
	/* Someone's failure must not fail the others: each again, alone, on its own handle. */
	for (w = first; w != NULL; w = w->next)
		w->ret = GROUP_AGAIN;
}

int
fc_sstore_group(struct fc_sstore *st, fc_sstore_work_fn fn, void *ctx, struct fc_error *err)
{
	struct group *g = st->commits;
	struct group_work me = {fn, ctx, -1, 0, {0}, NULL};

	if (g == NULL)
		return group_alone(st, fn, ctx, err);
	pthread_mutex_lock(&group_mu);
	if (g->tail != NULL)
		g->tail->next = &me;
	else
		g->head = &me;
	g->tail = &me;
	while (!me.done) {
		if (g->leading) {
			pthread_cond_wait(&group_cv, &group_mu);
			continue;
		}
		/* Lead: take what is queued (mine among it) and run it. */
		struct group_work *first = g->head, *last = first;
		size_t n = 1;

		while (n < GROUP_MAX && last->next != NULL) {
			last = last->next;
			n++;
		}
		g->head = last->next;
		if (g->head == NULL)
			g->tail = NULL;
		last->next = NULL;
		g->leading = 1;
		pthread_mutex_unlock(&group_mu);
		group_run(st, first, n);
		pthread_mutex_lock(&group_mu);
		for (struct group_work *w = first; w != NULL; w = w->next)
			w->done = 1;
		g->leading = 0;
		pthread_cond_broadcast(&group_cv);
	}
	pthread_mutex_unlock(&group_mu);
	if (me.ret == GROUP_AGAIN)
		return group_alone(st, fn, ctx, err);
	if (me.ret != 0)
		*err = me.err;
	return me.ret;
}

size_t
fc_sstore_group_waiting(struct fc_sstore *st)
{
	struct group *g = st->commits;
	size_t n = 0;

	if (g == NULL)
		return 0;
	pthread_mutex_lock(&group_mu);
	for (struct group_work *w = g->head; w != NULL; w = w->next)
		n++;
	pthread_mutex_unlock(&group_mu);
	return n;
}
