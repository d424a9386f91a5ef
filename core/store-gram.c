/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-gram.c: the character index (households_gram) of a registry load,
 * made on a second core while this one makes the trigram index.
 *
 * A registry load makes both search indexes from all its rows at its end
 * (store-household.c). FTS5 spends about the same on every word it is given,
 * whatever the tokenizer: about 25 trigrams and 50 grams per household, so for
 * a district of 50 000 the trigram index takes 0.12 s and the character index
 * 0.15 s of one core, half of the device's part of a first pull. A handheld
 * has more than one core and the two indexes share nothing, so a second
 * thread fills households_gram in a private in-memory database of its own
 * while this thread rebuilds households_tri in the store; the finished index
 * (FTS5 keeps it whole in the households_gram_data and _idx tables) is then
 * copied into the store, in the load's transaction.
 *
 * The table is dropped and made again before the copy: FTS5 keeps the index
 * structure it last read in memory and checks it only against commits of
 * other connections, so a copy under a table this connection has open would
 * be searched through the old structure (test-store.c searches before and
 * after a load on the same connection). Both databases run the same SQLite
 * and the same CREATE statement, read from the store's own schema, so the
 * copied index is the one building it in place would have made.
 *
 * The thread gets copies of the rows' text: it may not touch the store's
 * connection, and its own cannot see the load before it commits. Where the
 * thread cannot start (or SQLite was built without threads) the same work
 * runs here, after the trigram index.
 */
#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store-internal.h"

#define _(s) gettext(s)

/* The shadow tables that hold a contentless FTS5 index, as FTS5 names them. */
static const char *const gram_tables[] = {"households_gram_data", "households_gram_idx", NULL};

struct store_gram_job {
	/* Filled before the thread starts; read only by it until joined. */
	char *create;	    /* CREATE VIRTUAL TABLE households_gram ..., from the schema */
	struct fc_buf rows; /* per row: rid (8 bytes), address, resident, phone (NUL-ended) */
	size_t count;
	/* The thread's own; this one looks only after the join. */
	struct fc_store mem; /* only .db: a private in-memory database */
	struct fc_error err;
	int ret;
	pthread_t thread;
	int started;
};

/* Each row's words into households_gram of the job's own database. */
static int
gram_insert(struct store_gram_job *job, struct fc_buf *grams)
{
	sqlite3_stmt *ins = NULL;
	const char *p = job->rows.buf;
	int ret = 0;

	if (sqlite3_prepare_v2(job->mem.db,
			       "INSERT INTO households_gram (rowid, grams) VALUES (?1, ?2)", -1,
			       &ins, NULL) != SQLITE_OK)
		return store_fail(&job->mem, &job->err, _("cannot index the households"));
	for (size_t i = 0; ret == 0 && i < job->count; i++) {
		sqlite3_int64 rid;
		const char *address, *resident, *phone;

		memcpy(&rid, p, sizeof rid);
		address = p + sizeof rid;
		resident = address + strlen(address) + 1;
		phone = resident + strlen(resident) + 1;
		p = phone + strlen(phone) + 1;
		ret = store_grams(grams, address, resident, phone, &job->err);
		if (ret != 0)
			break;
		sqlite3_bind_int64(ins, 1, rid);
		sqlite3_bind_text(ins, 2, grams->buf, (int)grams->len, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			ret = store_fail(&job->mem, &job->err, _("cannot index the households"));
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return ret;
}

/* households_gram of all the rows, in a private in-memory database; 0 or -1 with job->err. */
static int
gram_build(struct store_gram_job *job)
{
	struct fc_buf grams = FC_BUF_INIT;
	int ret;

	if (sqlite3_open(":memory:", &job->mem.db) != SQLITE_OK)
		return fc_error_set(&job->err, FC_E_NOMEM,
				    _("cannot index the households: out of memory"));
	if (sqlite3_exec(job->mem.db, job->create, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(job->mem.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(&job->mem, &job->err, _("cannot index the households"));
	ret = gram_insert(job, &grams);
	fc_buf_release(&grams);
	if (ret == 0 && sqlite3_exec(job->mem.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		ret = store_fail(&job->mem, &job->err, _("cannot index the households"));
	return ret;
}

static void *
gram_thread(void *arg)
{
	struct store_gram_job *job = arg;

	job->ret = gram_build(job);
	return NULL;
}

/* The text of every household, as the thread needs it. */
static int
gram_read_rows(struct fc_store *st, struct store_gram_job *job, struct fc_error *err)
{
	sqlite3_stmt *all = st->stmt[SQL_HH_TEXT_ALL];
	int rc, ret = 0;

	while (ret == 0 && (rc = sqlite3_step(all)) == SQLITE_ROW) {
		sqlite3_int64 rid = sqlite3_column_int64(all, 0);

		ret = fc_buf_add(&job->rows, &rid, sizeof rid, err);
		for (int col = 1; ret == 0 && col <= 3; col++) {
			const char *s = (const char *)sqlite3_column_text(all, col);

			ret = fc_buf_add(&job->rows, s != NULL ? s : "",
					 s != NULL ? strlen(s) + 1 : 1, err);
		}
		job->count++;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read the households to index them"));
	store_done(all);
	return ret;
}

/* households_gram's CREATE statement, as the store's schema has it. */
static int
gram_read_create(struct fc_store *st, struct store_gram_job *job, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_HH_GRAM_CREATE];
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		job->create = strdup((const char *)sqlite3_column_text(stmt, 0));
	store_done(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, _("cannot read the search index's definition"));
	if (rc == SQLITE_DONE)
		return fc_error_set(err, FC_E_INTERNAL,
				    _("the store has no households_gram table"));
	if (job->create == NULL)
		return fc_error_set(err, FC_E_NOMEM,
				    _("cannot index the households: out of memory"));
	return 0;
}

void
store_gram_free(struct store_gram_job *job)
{
	if (job == NULL)
		return;
	if (job->started)
		pthread_join(job->thread, NULL);
	sqlite3_close(job->mem.db);
	fc_buf_release(&job->rows);
	free(job->create);
	free(job);
}

int
store_gram_start(struct fc_store *st, struct store_gram_job **out, struct fc_error *err)
{
	struct store_gram_job *job = calloc(1, sizeof *job);

	*out = NULL;
	if (job == NULL)
		return fc_error_set(err, FC_E_NOMEM,
				    _("cannot index the households: out of memory"));
	fc_buf_init(&job->rows);
	if (gram_read_create(st, job, err) != 0 || gram_read_rows(st, job, err) != 0) {
		store_gram_free(job);
		return -1;
	}
	/* Without a thread, store_gram_finish() does the work itself. */
	job->started =
	    sqlite3_threadsafe() != 0 && pthread_create(&job->thread, NULL, gram_thread, job) == 0;
	*out = job;
	return 0;
}

/* Every row of table in the job's database into the same table of the store. */
static int
gram_copy_table(struct fc_store *st, struct store_gram_job *job, const char *table,
		struct fc_error *err)
{
	sqlite3_stmt *src = NULL, *dst = NULL;
	char sql[128];
	int ncol, rc = SQLITE_OK, ret = -1;

	snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
	if (sqlite3_prepare_v2(job->mem.db, sql, -1, &src, NULL) != SQLITE_OK) {
		store_fail(&job->mem, err, _("cannot copy the search index"));
		goto out;
	}
	ncol = sqlite3_column_count(src);
	snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (?%s)", table,
		 ncol == 2   ? ", ?"
		 : ncol == 3 ? ", ?, ?"
			     : "");
	if (sqlite3_prepare_v2(st->db, sql, -1, &dst, NULL) != SQLITE_OK) {
		store_fail(st, err, _("cannot copy the search index"));
		goto out;
	}
	while ((rc = sqlite3_step(src)) == SQLITE_ROW) {
		for (int c = 0; c < ncol; c++)
			sqlite3_bind_value(dst, c + 1, sqlite3_column_value(src, c));
		if (sqlite3_step(dst) != SQLITE_DONE) {
			store_fail(st, err, _("cannot copy the search index"));
			goto out;
		}
		sqlite3_reset(dst);
	}
	if (rc != SQLITE_DONE)
		store_fail(&job->mem, err, _("cannot copy the search index"));
	else
		ret = 0;
out:
	sqlite3_finalize(src);
	sqlite3_finalize(dst);
	return ret;
}

int
store_gram_finish(struct fc_store *st, struct store_gram_job *job, struct fc_error *err)
{
	int ret = 0;

	if (job->started) {
		pthread_join(job->thread, NULL);
		job->started = 0;
	} else {
		job->ret = gram_build(job);
	}
	if (job->ret != 0) {
		*err = job->err;
		ret = -1;
	}
	/* A new table (see the top of this file), emptied of what CREATE writes. */
	if (ret == 0 &&
	    (sqlite3_exec(st->db, "DROP TABLE households_gram", NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(st->db, job->create, NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(st->db, "DELETE FROM households_gram_data", NULL, NULL, NULL) !=
		 SQLITE_OK))
		ret = store_fail(st, err, _("cannot index the households"));
	for (size_t i = 0; ret == 0 && gram_tables[i] != NULL; i++)
		ret = gram_copy_table(st, job, gram_tables[i], err);
	store_gram_free(job);
	return ret;
}
