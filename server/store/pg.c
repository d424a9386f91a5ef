/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg.c: the central server's PostgreSQL connection, its migrations,
 * and running a statement. The statements are in store/pg-sql.c; the verbs
 * that bind values to them are in store/pg-data.c.
 *
 * The statements sit in one table indexed by enum sql_id, row for row the
 * PostgreSQL dialect of store/sqlite.c's table, each prepared once per
 * connection (PQprepare) and run with PQexecPrepared: values go in only as
 * parameters, byte strings in binary. Results come back as text, except
 * those of the statements in pg_binary[], which read bytea and come back in
 * binary. Migrations (schema/server-pg/) run
 * under an advisory lock, so processes starting together migrate once.
 *
 * Several processes share the database, so nothing that decides a request
 * is kept in memory: a push takes its device's row lock (FOR UPDATE in
 * SQL_HELD) for the whole batch, which serialises the chain check per device
 * across processes; nonces, codes and templates rely on unique keys with ON
 * CONFLICT DO NOTHING and the count of rows changed, never on a read first.
 *
 * A list ordered by text orders it byte by byte (COLLATE "C"), as SQLite's
 * BINARY does: the database's own collation is the locale it was made under
 * (createdb on a server set to en_US.UTF-8 or zh_CN.UTF-8), which puts "ana"
 * before "Bob", weighs '-' and '_' otherwise and Chinese by its reading, so
 * the same rows would come in another order than from SQLite. Dates
 * (YYYY-MM-DD) sort alike in every collation and keep the column's, so an
 * index still gives their order. The exports' pages keep it too (their keyset
 * needs the index's order): they are in the database's collation.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/store/pg.h"
#include "server/store/review-ops.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Holds any migration's lock: one process migrates, the others wait and see it done. */
#define PG_MIGRATE_LOCK "7305180409"

void
fc_pgargs_text(struct fc_pgargs *a, const char *s)
{
	a->val[a->n] = s;
	a->len[a->n] = 0;
	a->fmt[a->n] = 0;
	a->n++;
}

void
fc_pgargs_int(struct fc_pgargs *a, int64_t v)
{
	snprintf(a->num[a->n], sizeof a->num[a->n], "%lld", (long long)v);
	fc_pgargs_text(a, a->num[a->n]);
}

void
fc_pgargs_bytes(struct fc_pgargs *a, const void *b, size_t len)
{
	a->val[a->n] = b;
	a->len[a->n] = (int)len;
	a->fmt[a->n] = 1;
	a->n++;
}

/* The first line of libpq's message, without its trailing newline. */
static void
pg_message(const char *msg, char *out, size_t size)
{
	size_t n = strcspn(msg != NULL ? msg : "", "\n");

	snprintf(out, size, "%.*s", (int)n, msg != NULL ? msg : "");
}

/* Turn a failed call into our words (FC_E_IO, FC_E_FULL, FC_E_BUSY, FC_E_DB); -1. */
static int
pg_fail(struct fc_pgstore *pg, const PGresult *res, struct fc_error *err, const char *what)
{
	const char *state = res != NULL ? pg->pq->resultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[400];

	pg_message(res != NULL ? pg->pq->resultErrorMessage(res) : pg->pq->errorMessage(pg->conn),
		   msg, sizeof msg);
	if (pg->pq->status(pg->conn) != CONNECTION_OK)
		return fc_error_set(err, FC_E_IO,
				    _("%s: lost the connection to the PostgreSQL store: %s"),
				    _(what), msg);
	if (state != NULL && strcmp(state, "53100") == 0)
		return fc_error_set(err, FC_E_FULL, _("%s: the database's disk is full"), _(what));
	if (state != NULL && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
			      strcmp(state, "55P03") == 0))
		return fc_error_set(err, FC_E_BUSY, _("%s: the server store is busy; try again"),
				    _(what));
	return fc_error_set(err, FC_E_DB, "%s: %s", _(what), msg);
}

/* A statement's result, run at once: 0 when it went, else err as pg_fail says; res is cleared. */
static int
pg_settle(struct fc_pgstore *pg, PGresult *res, struct fc_error *err, const char *what)
{
	ExecStatusType rc = pg->pq->resultStatus(res);
	int ret = rc == PGRES_COMMAND_OK || rc == PGRES_TUPLES_OK ? 0 : pg_fail(pg, res, err, what);

	pg->pq->clear(res);
	return ret;
}

/*
 * Statements whose results carry bytea (bodies, signatures, hashes, keys)
 * fetch their results in binary: the bytes arrive as stored, with nothing to
 * decode, and a body is not doubled in size on the wire as hex would double
 * it. Their other columns are text (the same UTF-8 bytes in either format)
 * or integers, which fc_pgstore_int() reads in either format.
 */
static const int pg_binary[SQL_COUNT] = {
    [SQL_GET_CALLER] = 1,     [SQL_GET_DEVICE] = 1,  [SQL_EACH_DEVICE] = 1,
    [SQL_HELD] = 1,	      [SQL_RECORD_HASH] = 1, [SQL_EACH_RECORD] = 1,
    [SQL_GET_SERVER_KEY] = 1, [SQL_FIND_HASH] = 1,   [SQL_HOUSEHOLD_BODIES] = 1,
};

/*
 * Read the answers of every statement sent by fc_pgstore_defer and leave
 * pipeline mode; the first failure is the error, naming what it did. After a
 * failure PostgreSQL skips the rest of the transaction's statements
 * (PGRES_PIPELINE_ABORTED), as it would have refused them one by one.
 */
static int
pg_drain_keep(struct fc_pgstore *pg, PGresult **last, struct fc_error *err)
{
	int ret = 0, i = 0, nulls = 0;

	if (!pg->piping)
		return 0;
	if (pg->pq->pipelineSync(pg->conn) != 1)
		ret = pg_fail(pg, NULL, err, N_("cannot send the queued statements"));
	while (ret == 0 || pg->pq->status(pg->conn) == CONNECTION_OK) {
		PGresult *res = pg->pq->getResult(pg->conn);
		ExecStatusType rc;

		if (res == NULL) {
			/* One NULL ends each statement's answer; two in a row: nothing more comes.
			 */
			if (++nulls > 1 || pg->pq->status(pg->conn) != CONNECTION_OK) {
				if (ret == 0)
					ret = pg_fail(pg, NULL, err,
						      N_("cannot read the queued answers"));
				break;
			}
			continue;
		}
		nulls = 0;
		rc = pg->pq->resultStatus(res);
		if (rc == PGRES_PIPELINE_SYNC) {
			pg->pq->clear(res);
			break;
		}
		if (ret == 0 && rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK &&
		    rc != PGRES_PIPELINE_ABORTED)
			ret = pg_fail(pg, res, err,
				      i < pg->npend ? pg->pend_what[i] : "a queued statement");
		/* A read sent ahead keeps its answer for fc_pgstore_rows. */
		for (int k = 0; k < FC_PGSTORE_PRE_MAX && res != NULL; k++)
			if (i + 1 == pg->pre[k].slot && ret == 0 && rc == PGRES_TUPLES_OK) {
				pg->pre[k].res = res;
				res = NULL;
			}
		/* The last one sent is the read the caller waits for (fc_pgstore_run). */
		if (last != NULL && i == pg->npend - 1 && ret == 0) {
			*last = res;
			res = NULL;
		}
		i++;
		pg->pq->clear(res);
	}
	pg->npend = 0;
	pg->piping =
	    pg->pq->exitPipelineMode(pg->conn) != 1 && pg->pq->status(pg->conn) == CONNECTION_OK;
	for (int k = 0; k < FC_PGSTORE_PRE_MAX; k++) {
		pg->pre[k].slot = 0;
		if (ret != 0) {
			pg->pq->clear(pg->pre[k].res);
			pg->pre[k].res = NULL;
		}
	}
	if (ret != 0 && last != NULL && *last != NULL) {
		pg->pq->clear(*last);
		*last = NULL;
	}
	return ret;
}

static int
pg_drain(struct fc_pgstore *pg, struct fc_error *err)
{
	return pg_drain_keep(pg, NULL, err);
}

/*
 * Statement id as the last of the pipeline: the writes queued before it and
 * this read travel in one round trip. Its result, or NULL with err set.
 */
static PGresult *
pg_run_piped(struct fc_pgstore *pg, enum sql_id id, const char *name, const struct fc_pgargs *a,
	     struct fc_error *err, const char *what)
{
	PGresult *res = NULL;

	if (pg->pq->sendQueryPrepared(pg->conn, name, a->n, a->val, a->len, a->fmt,
				      pg_binary[id]) != 1) {
		struct fc_error ignored = {0};

		pg_fail(pg, NULL, err, what);
		pg_drain(pg, &ignored);
		return NULL;
	}
	snprintf(pg->pend_what[pg->npend++], sizeof pg->pend_what[0], "%s", what);
	if (pg_drain_keep(pg, &res, err) != 0)
		return NULL;
	if (res == NULL)
		fc_error_set(err, FC_E_DB, _("%s: no answer from the PostgreSQL store"), _(what));
	return res;
}

int
fc_pgstore_send(struct fc_pgstore *pg, const char *name, int n, const char *const *val,
		const int *len, const int *fmt, struct fc_error *err, const char *what)
{
	if (!pg->piping && pg->pq->enterPipelineMode(pg->conn) != 1) {
		return pg_settle(pg, pg->pq->execPrepared(pg->conn, name, n, val, len, fmt, 0), err,
				 what);
	}
	pg->piping = 1;
	if (pg->pq->sendQueryPrepared(pg->conn, name, n, val, len, fmt, 0) != 1) {
		struct fc_error ignored = {0};

		pg_fail(pg, NULL, err, what);
		pg_drain(pg, &ignored);
		return -1;
	}
	snprintf(pg->pend_what[pg->npend++], sizeof pg->pend_what[0], "%s", what);
	return pg->npend == FC_PGSTORE_PIPE_MAX - 1 ? pg_drain(pg, err) : 0;
}

int
fc_pgstore_defer(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
		 struct fc_error *err, const char *what)
{
	char name[16];
	int r;

	/* A row of records, versions, programmes or counters waits for its table's statement. */
	if ((r = fc_pgstore_bulk_add(pg, id, a, err)) != 0)
		return r < 0 ? -1 : 0;
	if (!pg->in_txn)
		return fc_pgstore_exec(pg, id, a, NULL, err, what);
	if (fc_pgstore_bulk_before(pg, id, a, err) != 0)
		return -1;
	snprintf(name, sizeof name, "fc%d", (int)id);
	return fc_pgstore_send(pg, name, a->n, a->val, a->len, a->fmt, err, what);
}

/* Forget a read sent ahead and its answer. */
static void
pg_pre_forget(struct fc_pgstore *pg, struct fc_pgpre *p)
{
	pg->pq->clear(p->res);
	p->res = NULL;
	p->slot = 0;
	p->key[0] = '\0';
}

/* Forget every read sent ahead: its transaction ended. */
static void
pg_prefetch_forget(struct fc_pgstore *pg)
{
	for (int k = 0; k < FC_PGSTORE_PRE_MAX; k++)
		pg_pre_forget(pg, &pg->pre[k]);
}

/* The place for a read of id sent ahead: its earlier one's, else a free one, else the first. */
static struct fc_pgpre *
pg_pre_place(struct fc_pgstore *pg, enum sql_id id)
{
	struct fc_pgpre *free_one = NULL;

	for (int k = 0; k < FC_PGSTORE_PRE_MAX; k++) {
		struct fc_pgpre *p = &pg->pre[k];

		if ((p->slot != 0 || p->res != NULL) && p->id == id)
			return p;
		if (free_one == NULL && p->slot == 0 && p->res == NULL)
			free_one = p;
	}
	return free_one != NULL ? free_one : &pg->pre[0];
}

int
fc_pgstore_prefetch(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
		    const char *key, struct fc_error *err, const char *what)
{
	char name[16];
	struct fc_pgpre *p;

	if (!pg->in_txn || strlen(key) >= sizeof pg->pre[0].key)
		return 0;
	/* Sent now, it must come after the gathered rows it could see. */
	if (fc_pgstore_bulk_before(pg, id, a, err) != 0)
		return -1;
	if (!pg->piping && pg->pq->enterPipelineMode(pg->conn) != 1)
		return 0;
	p = pg_pre_place(pg, id);
	pg_pre_forget(pg, p);
	pg->piping = 1;
	snprintf(name, sizeof name, "fc%d", (int)id);
	if (pg->pq->sendQueryPrepared(pg->conn, name, a->n, a->val, a->len, a->fmt,
				      pg_binary[id]) != 1) {
		struct fc_error ignored = {0};

		pg_fail(pg, NULL, err, what);
		pg_drain(pg, &ignored);
		return -1;
	}
	snprintf(pg->pend_what[pg->npend++], sizeof pg->pend_what[0], "%s", what);
	p->slot = pg->npend;
	p->id = id;
	snprintf(p->key, sizeof p->key, "%s", key);
	return pg->npend == FC_PGSTORE_PIPE_MAX - 1 ? pg_drain(pg, err) : 0;
}

int
fc_pgstore_prefetched(struct fc_pgstore *pg, enum sql_id id, const char *key, PGresult **out,
		      struct fc_error *err)
{
	*out = NULL;
	if (key == NULL)
		return 0;
	for (int k = 0; k < FC_PGSTORE_PRE_MAX; k++) {
		struct fc_pgpre *p = &pg->pre[k];

		if ((p->slot == 0 && p->res == NULL) || p->id != id || strcmp(p->key, key) != 0)
			continue;
		if (p->slot != 0 && pg_drain(pg, err) != 0)
			return -1;
		*out = p->res;
		p->res = NULL;
		p->key[0] = '\0';
		return 0;
	}
	return 0;
}

/* Run prepared statement id; the result (caller PQclears) or NULL with err set. */
PGresult *
fc_pgstore_run(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
	       struct fc_error *err, const char *what)
{
	char name[16];
	PGresult *res;
	ExecStatusType rc;

	/* What it could see of the gathered rows goes first. */
	if (fc_pgstore_bulk_before(pg, id, a, err) != 0)
		return NULL;
	snprintf(name, sizeof name, "fc%d", (int)id);
	/* Room for one more: the queue holds at most FC_PGSTORE_PIPE_MAX - 1 between reads. */
	if (pg->piping)
		return pg_run_piped(pg, id, name, a, err, what);
	res = pg->pq->execPrepared(pg->conn, name, a->n, a->val, a->len, a->fmt, pg_binary[id]);
	rc = pg->pq->resultStatus(res);
	if (rc == PGRES_COMMAND_OK || rc == PGRES_TUPLES_OK)
		return res;
	pg_fail(pg, res, err, what);
	pg->pq->clear(res);
	return NULL;
}

/* Run a statement that returns no rows; *changed gets the rows it touched. */
int
fc_pgstore_exec(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a, long *changed,
		struct fc_error *err, const char *what)
{
	PGresult *res = fc_pgstore_run(pg, id, a, err, what);

	if (res == NULL)
		return -1;
	if (changed != NULL)
		*changed = atol(pg->pq->cmdTuples(res));
	pg->pq->clear(res);
	return 0;
}

extern char **environ;

/* 1 when the environment entry e ("NAME=value") sets one of the names in set. */
static int
pg_env_overridden(const char *e, char *const *set, size_t n)
{
	size_t len = strcspn(e, "=");

	for (size_t i = 0; i < n; i++)
		if (strncmp(set[i], e, len + 1) == 0)
			return 1;
	return 0;
}

int
fc_sstore_pg_env(const char *uri, char ***out, struct fc_error *err)
{
	const struct fc_pq *pq = fc_pq(err);
	PQconninfoOption *opts;
	size_t n_env = 0, n_set = 0, k = 0;
	char **env;

	*out = NULL;
	if (pq == NULL)
		return -1;
	if ((opts = pq->conninfoParse(uri, NULL)) == NULL)
		return fc_error_set(err, FC_E_USAGE, _("%s: not a PostgreSQL connection URI"), uri);
	while (environ[n_env] != NULL)
		n_env++;
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
		n_set += o->val != NULL && o->envvar != NULL;
	env = calloc(n_env + n_set + 1, sizeof *env);
	if (env == NULL) {
		pq->conninfoFree(opts);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
		size_t len;

		if (o->val == NULL || o->envvar == NULL)
			continue;
		len = strlen(o->envvar) + strlen(o->val) + 2;
		if ((env[k] = malloc(len)) == NULL) {
			pq->conninfoFree(opts);
			fc_sstore_pg_env_free(env);
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		}
		snprintf(env[k++], len, "%s=%s", o->envvar, o->val);
	}
	pq->conninfoFree(opts);
	/* The rest of this process's environment, less what uri sets: its own value wins. */
	for (size_t i = 0; i < n_env; i++)
		if (!pg_env_overridden(environ[i], env, n_set) &&
		    (env[k++] = strdup(environ[i])) == NULL) {
			fc_sstore_pg_env_free(env);
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		}
	*out = env;
	return 0;
}

void
fc_sstore_pg_env_free(char **env)
{
	for (size_t i = 0; env != NULL && env[i] != NULL; i++) {
		/* The password may be among them. */
		sodium_memzero(env[i], strlen(env[i]));
		free(env[i]);
	}
	free(env);
}

/*
 * libpq's table, for the readers below, which are handed a result and no
 * handle: a result exists only once fc_pgstore_open has loaded libpq, so
 * this never fails there.
 */
static const struct fc_pq *
pg_result_pq(void)
{
	return fc_pq(NULL);
}

/* A fixed-size bytea column of a binary result; zeros when NULL or of another size. */
void
fc_pgstore_blob(const PGresult *res, int row, int col, unsigned char *out, size_t size)
{
	const struct fc_pq *pq = pg_result_pq();

	memset(out, 0, size);
	if (pq->fformat(res, col) == 1 && !pq->getisnull(res, row, col) &&
	    (size_t)pq->getlength(res, row, col) == size)
		memcpy(out, pq->getvalue(res, row, col), size);
}

void
fc_pgstore_copy(char *out, size_t size, const PGresult *res, int row, int col)
{
	snprintf(out, size, "%s", pg_result_pq()->getvalue(res, row, col));
}

/* An integer column: digits in a text result, big-endian int2/int4/int8 in a binary one. */
int64_t
fc_pgstore_int(const PGresult *res, int row, int col)
{
	const struct fc_pq *pq = pg_result_pq();
	const unsigned char *p = (const unsigned char *)pq->getvalue(res, row, col);
	int len = pq->getlength(res, row, col);
	uint64_t v = 0;

	if (pq->fformat(res, col) == 0)
		return strtoll((const char *)p, NULL, 10);
	for (int i = 0; i < len; i++)
		v = v << 8 | p[i];
	if (len == 2)
		return (int16_t)v;
	if (len == 4)
		return (int32_t)v;
	return len == 8 ? (int64_t)v : 0;
}

/* Open and close */

static int
pg_prepare_all(struct fc_pgstore *pg, struct fc_error *err)
{
	for (int i = 0; i < SQL_COUNT; i++) {
		char name[16];
		PGresult *res;

		snprintf(name, sizeof name, "fc%d", i);
		res = pg->pq->prepare(pg->conn, name, fc_pg_sql[i], 0, NULL);
		if (pg->pq->resultStatus(res) != PGRES_COMMAND_OK) {
			pg_fail(pg, res, err, N_("cannot prepare a statement"));
			pg->pq->clear(res);
			return fc_error_prefix(err, "statement %d", i);
		}
		pg->pq->clear(res);
	}
	return fc_pgstore_bulk_prepare(pg, err);
}

/* Run one utility command (no parameters) outside the statement table. */
static int
pg_simple(struct fc_pgstore *pg, const char *sql, struct fc_error *err, const char *what)
{
	if (pg_drain(pg, err) != 0)
		return -1;
	return pg_settle(pg, pg->pq->exec(pg->conn, sql), err, what);
}

/*
 * The versions fc_schema_version holds (as a bitmap over this program's
 * table) and the first one this program does not know, 0 when none.
 */
static int
pg_applied(struct fc_pgstore *pg, const struct fc_migration *table, unsigned char *applied,
	   size_t n, int *unknown, struct fc_error *err)
{
	PGresult *res =
	    pg->pq->exec(pg->conn, "SELECT version FROM fc_schema_version ORDER BY version");

	*unknown = 0;
	if (pg->pq->resultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(pg, res, err, N_("cannot read the schema version"));
		pg->pq->clear(res);
		return -1;
	}
	for (int r = 0; r < pg->pq->ntuples(res); r++) {
		int v = atoi(pg->pq->getvalue(res, r, 0));
		size_t i = 0;

		while (i < n && table[i].version != v)
			i++;
		if (i < n)
			applied[i] = 1;
		else if (*unknown == 0)
			*unknown = v;
	}
	pg->pq->clear(res);
	return 0;
}

static int
pg_apply(struct fc_pgstore *pg, const struct fc_migration *m, struct fc_error *err)
{
	char num[16];
	const char *vals[2] = {num, m->name};
	PGresult *res;

	if (pg_simple(pg, m->sql, err, N_("migration failed")) != 0)
		return fc_error_prefix(err, "%s", m->name);
	snprintf(num, sizeof num, "%d", m->version);
	res = pg->pq->execParams(pg->conn,
				 "INSERT INTO fc_schema_version (version, name) VALUES ($1, $2)", 2,
				 NULL, vals, NULL, NULL, 0);
	if (pg->pq->resultStatus(res) != PGRES_COMMAND_OK) {
		pg_fail(pg, res, err, N_("cannot note the schema version"));
		pg->pq->clear(res);
		return -1;
	}
	pg->pq->clear(res);
	return 0;
}

/*
 * Apply every migration the store has not had, whatever its number (0007
 * arriving after 0009 is applied too: numbers are handed out ahead of time),
 * each recorded in fc_schema_version, all in one transaction under an
 * advisory lock so two processes starting at once never both migrate. A
 * store with a migration this program does not know is refused.
 */
static int
pg_migrate(struct fc_pgstore *pg, struct fc_error *err)
{
	const struct fc_migration *table = fc_server_pg_migrations;
	size_t n = 0;
	unsigned char *applied;
	int unknown = 0, newest = 0;

	while (table[n].sql != NULL)
		if (table[n++].version > newest)
			newest = table[n - 1].version;
	if ((applied = calloc(n + 1, 1)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory migrating the store"));
	if (pg_simple(pg, "BEGIN", err, N_("cannot start the migration")) != 0) {
		free(applied);
		return -1;
	}
	if (pg_simple(pg, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")", err,
		      N_("cannot lock the schema")) != 0 ||
	    pg_simple(pg,
		      "CREATE TABLE IF NOT EXISTS fc_schema_version (version INTEGER PRIMARY "
		      "KEY, name TEXT NOT NULL)",
		      err, N_("cannot note the schema version")) != 0 ||
	    pg_applied(pg, table, applied, n, &unknown, err) != 0)
		goto fail;
	if (unknown != 0) {
		fc_error_set(err, FC_E_INVALID,
			     _("the store has schema migration %d, which this fieldcheck-server "
			       "does not know (it knows up to %d); upgrade the server"),
			     unknown, newest);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (!applied[i] && pg_apply(pg, &table[i], err) != 0)
			goto fail;
	free(applied);
	return pg_simple(pg, "COMMIT", err, N_("cannot commit the migration"));
fail:
	free(applied);
	pg_simple(pg, "ROLLBACK", &(struct fc_error){0}, "rollback");
	return -1;
}

/* libpq prints notices on stderr; the server's log is for requests. */
static void
pg_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

int
fc_pgstore_open(const char *uri, struct fc_pgstore **out, struct fc_error *err)
{
	/* The first PostgreSQL store of the process loads libpq (pq-lib.h). */
	const struct fc_pq *pq = fc_pq(err);
	struct fc_pgstore *pg;
	char msg[400];

	if (pq == NULL)
		return -1;
	if ((pg = calloc(1, sizeof *pg)) == NULL)
		return fc_error_set(err, FC_E_NOMEM,
				    _("out of memory opening the PostgreSQL store"));
	pg->pq = pq;
	fc_pgstore_bulk_init(pg);
	pg->conn = pq->connectdb(uri);
	if (pg->conn == NULL || pg->pq->status(pg->conn) != CONNECTION_OK) {
		/* The message names host and port, never the URI with its password. */
		pg_message(pg->conn != NULL ? pg->pq->errorMessage(pg->conn) : _("out of memory"),
			   msg, sizeof msg);
		fc_error_set(err, FC_E_IO, _("cannot connect to the PostgreSQL store: %s"), msg);
		goto fail;
	}
	pg->pq->setNoticeProcessor(pg->conn, pg_quiet, NULL);
	if (pg_migrate(pg, err) != 0 || pg_prepare_all(pg, err) != 0) {
		fc_error_prefix(err, "%s", _("PostgreSQL store"));
		goto fail;
	}
	*out = pg;
	return 0;
fail:
	fc_pgstore_close(pg);
	return -1;
}

PGconn *
fc_pgstore_conn(struct fc_pgstore *pg)
{
	struct fc_error ignored = {0};

	/* The caller runs its own statements: nothing of ours may be waiting in a pipeline. */
	if (fc_pgstore_bulk_send_all(pg, &ignored) == 0)
		pg_drain(pg, &ignored);
	return pg->conn;
}

void
fc_pgstore_close(struct fc_pgstore *pg)
{
	if (pg == NULL)
		return;
	pg_prefetch_forget(pg);
	fc_pgstore_bulk_free(pg);
	pg->pq->finish(pg->conn);
	free(pg);
}

int
fc_pgstore_begin(struct fc_pgstore *pg, struct fc_error *err)
{
	/* Read committed: the device row lock, not the isolation level, orders pushes. */
	if (pg_simple(pg, "BEGIN ISOLATION LEVEL READ COMMITTED", err,
		      N_("cannot start a transaction")) != 0)
		return -1;
	pg->in_txn = 1;
	pg->ledger_all = 0;
	return 0;
}

int
fc_pgstore_commit(struct fc_pgstore *pg, struct fc_error *err)
{
	PGresult *res;
	int ret = 0;

	/* The gathered rows and the high-water mark go first, then every answer is read. */
	if (fc_pgstore_bulk_send_all(pg, err) != 0 || fc_pgstore_flush_held(pg, err) != 0 ||
	    pg_drain(pg, err) != 0)
		ret = -1;
	fc_pgstore_bulk_forget(pg);
	pg->in_txn = 0;
	pg_prefetch_forget(pg);
	if (ret != 0)
		return -1;
	res = pg->pq->exec(pg->conn, "COMMIT");

	/* An aborted transaction "commits" as ROLLBACK without an error: check. */
	if (pg->pq->resultStatus(res) != PGRES_COMMAND_OK)
		ret = pg_fail(pg, res, err, N_("cannot commit"));
	else if (strcmp(pg->pq->cmdStatus(res), "COMMIT") != 0)
		ret =
		    fc_error_set(err, FC_E_DB, _("cannot commit: the transaction was rolled back"));
	pg->pq->clear(res);
	return ret;
}

void
fc_pgstore_rollback(struct fc_pgstore *pg)
{
	struct fc_error ignored = {0};

	pg->held.pending = 0;
	pg->in_txn = 0;
	fc_pgstore_bulk_forget(pg);
	pg_drain(pg, &ignored);
	pg_prefetch_forget(pg);
	/*
	 * A connection the database closed while it sat idle (PostgreSQL
	 * restarted) looks fine until read: reading what is waiting, without
	 * blocking, finds it closed, so it is made again here rather than failing
	 * the next request that gets it.
	 */
	if (pg->pq->status(pg->conn) == CONNECTION_OK && pg->npend == 0)
		pg->pq->consumeInput(pg->conn);
	if (pg->pq->status(pg->conn) != CONNECTION_OK) {
		pg->piping = 0; /* a new connection starts outside pipeline mode */
		pg->npend = 0;
		pg->pq->reset(pg->conn);
		if (pg->pq->status(pg->conn) == CONNECTION_OK)
			pg_prepare_all(pg, &ignored);
		return;
	}
	if (pg->pq->transactionStatus(pg->conn) != PQTRANS_IDLE)
		pg_simple(pg, "ROLLBACK", &ignored, "rollback");
}

/* Reports */

static const char *
pg_row_text(const struct fc_sstore_row *row, int col)
{
	return pg_result_pq()->getvalue(row->impl, row->index, col);
}

int
fc_pgstore_rows(struct fc_pgstore *pg, enum sql_id id, const struct fc_sstore_param *params,
		int nparams, fc_sstore_row_fn fn, void *ctx, struct fc_error *err)
{
	struct fc_pgargs a = {0};
	struct fc_sstore_row row = {pg_row_text, NULL, 0};
	PGresult *res;

	for (int i = 0; i < nparams && i < FC_PGARGS_MAX; i++) {
		if (params[i].text != NULL)
			fc_pgargs_text(&a, params[i].text);
		else
			fc_pgargs_int(&a, params[i].num);
	}
	/* No row function: a write whose result nobody reads. */
	if (fn == NULL)
		return fc_pgstore_defer(pg, id, &a, err, N_("cannot write to the store"));
	/* A read sent ahead (fc_pgstore_prefetch) already has its answer. */
	if (fc_pgstore_prefetched(pg, id, nparams > 0 ? params[0].text : NULL, &res, err) != 0)
		return -1;
	if (res == NULL &&
	    (res = fc_pgstore_run(pg, id, &a, err, N_("cannot read from the store"))) == NULL)
		return -1;
	row.impl = res;
	for (row.index = 0; row.index < pg->pq->ntuples(res); row.index++)
		fn(&row, ctx);
	pg->pq->clear(res);
	return 0;
}

/* The store's schema version and the newest this program knows (for /healthz). */
int
fc_pgstore_schema(struct fc_pgstore *pg, int *have, int *known, struct fc_error *err)
{
	PGresult *res;

	*known = 0;
	for (const struct fc_migration *m = fc_server_pg_migrations; m->sql != NULL; m++)
		if (m->version > *known)
			*known = m->version;
	res = pg->pq->exec(pg->conn, "SELECT coalesce(max(version), 0) FROM fc_schema_version");
	if (pg->pq->resultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(pg, res, err, N_("cannot read the schema version"));
		pg->pq->clear(res);
		return -1;
	}
	*have = atoi(pg->pq->getvalue(res, 0, 0));
	pg->pq->clear(res);
	return 0;
}

/* The table store.c calls through: adapters where the connection is st->pg. */

static int
pg_open_op(struct fc_sstore *st, const char *uri, struct fc_error *err)
{
	return fc_pgstore_open(uri, &st->pg, err);
}

static void
pg_close_op(struct fc_sstore *st)
{
	fc_pgstore_close(st->pg);
}

static int
pg_begin_op(struct fc_sstore *st, struct fc_error *err)
{
	return fc_pgstore_begin(st->pg, err);
}

static int
pg_commit_op(struct fc_sstore *st, struct fc_error *err)
{
	return fc_pgstore_commit(st->pg, err);
}

static void
pg_rollback_op(struct fc_sstore *st)
{
	fc_pgstore_rollback(st->pg);
}

static int
pg_backup_op(struct fc_sstore *st, const char *path, struct fc_error *err)
{
	(void)st;
	(void)path;
	return fc_error_set(err, FC_E_USAGE,
			    _("backup copies a SQLite store; back up PostgreSQL with pg_dump "
			      "(docs/operating.md)"));
}

static int
pg_schema_op(struct fc_sstore *st, int *have, int *known, struct fc_error *err)
{
	return fc_pgstore_schema(st->pg, have, known, err);
}

static int
pg_rows_op(struct fc_sstore *st, enum sql_id id, const struct fc_sstore_param *params, int nparams,
	   fc_sstore_row_fn fn, void *ctx, struct fc_error *err)
{
	return fc_pgstore_rows(st->pg, id, params, nparams, fn, ctx, err);
}

const struct fc_sstore_backend fc_sstore_pg = {
    .open = pg_open_op,
    .close = pg_close_op,
    .begin = pg_begin_op,
    .commit = pg_commit_op,
    .rollback = pg_rollback_op,
    .put_inspector = fc_pgstore_put_inspector,
    .get_inspector = fc_pgstore_get_inspector,
    .revoke = fc_pgstore_revoke,
    .revoke_device = fc_pgstore_revoke_device,
    .add_code = fc_pgstore_add_code,
    .get_code = fc_pgstore_get_code,
    .spend_code = fc_pgstore_spend_code,
    .insert_device = fc_pgstore_insert_device,
    .get_device = fc_pgstore_get_device,
    .each_device = fc_pgstore_each_device,
    .touch_device = fc_pgstore_touch_device,
    .use_nonce = fc_pgstore_use_nonce,
    .get_caller = fc_pgstore_get_caller,
    .held = fc_pgstore_held,
    .record_hash = fc_pgstore_record_hash,
    .insert_record = fc_pgstore_insert_record,
    .add_fork = fc_pgstore_add_fork,
    .each_record = fc_pgstore_each_record,
    .counts = fc_pgstore_counts,
    .put_households = fc_pgstore_put_households,
    .households_since = fc_pgstore_households_since,
    .add_template = fc_pgstore_add_template,
    .templates_since = fc_pgstore_templates_since,
    .get_photo = fc_pgstore_get_photo,
    .photo_done = fc_pgstore_photo_done,
    .household_district = fc_pgstore_household_district,
    .record_owner = fc_pgstore_record_owner,
    .household_get = fc_pgstore_household_get,
    .household_bodies = fc_pgstore_household_bodies,
    .ledger_lock = fc_pgstore_ledger_lock,
    .ledger_prefetch = fc_pgstore_ledger_prefetch,
    .ledger_del = fc_pgstore_ledger_del,
    .ledger_hazard = fc_pgstore_ledger_hazard,
    .ledger_programme = fc_pgstore_ledger_programme,
    .ledger_version = fc_pgstore_ledger_version,
    .ledger_pending = fc_pgstore_ledger_pending,
    .ledger_pending_done = fc_pgstore_ledger_pending_done,
    .schema = pg_schema_op,
    .backup = pg_backup_op,
    .rows = pg_rows_op,
    .get_server_key = fc_pgstore_get_server_key,
    .put_server_key = fc_pgstore_put_server_key,
    .find_hash = fc_pgstore_find_hash,
};
