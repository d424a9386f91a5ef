/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend-server-pg.c: the conformance table on the server's store in
 * PostgreSQL (tests/ledger/server.h). FC_TEST_PG_URI names a database of a
 * private cluster (tests/ledger/run.sh starts one with tests/pg/pg.inc);
 * each case gets a new database of its own beside it, dropped afterwards,
 * so every case starts from an empty, freshly migrated store as on SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/store/pq-lib.h"
#include "tests/helper/conform.h"
#include "tests/ledger/server.h"

struct server_pg {
	struct conform_server s;
	const struct fc_pq *pq; /* libpq, through the server's table (pq-lib.h) */
	PGconn *admin;		/* FC_TEST_PG_URI's database: creates and drops the case's */
	char name[64];
	char uri[512];
	int created;
};

static int
pg_admin(struct server_pg *b, const char *verb, struct fc_error *err)
{
	char sql[128];
	PGresult *res;
	int ok;

	snprintf(sql, sizeof sql, "%s DATABASE %s", verb, b->name);
	res = b->pq->exec(b->admin, sql);
	ok = b->pq->resultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fc_error_set(err, FC_E_DB, "%s: %s", sql, b->pq->errorMessage(b->admin));
	b->pq->clear(res);
	return ok ? 0 : -1;
}

static int
pg_open(void **be, const char *dir, const json_t *households, struct fc_error *err)
{
	static unsigned counter;
	struct server_pg *b = calloc(1, sizeof *b);
	const char *base = getenv("FC_TEST_PG_URI");
	const char *slash = base != NULL ? strrchr(base, '/') : NULL;

	(void)dir;
	*be = b;
	if (b == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	if (slash == NULL || !fc_sstore_is_pg(base))
		return fc_error_set(err, FC_E_USAGE,
				    "FC_TEST_PG_URI names no PostgreSQL database (tests/ledger/"
				    "run.sh starts one with tests/pg/pg.inc)");
	if ((b->pq = fc_pq(err)) == NULL)
		return -1;
	b->admin = b->pq->connectdb(base);
	if (b->pq->status(b->admin) != CONNECTION_OK)
		return fc_error_set(err, FC_E_DB, "%s: %s", base, b->pq->errorMessage(b->admin));
	snprintf(b->name, sizeof b->name, "conform_%ld_%u", (long)getpid(), ++counter);
	snprintf(b->uri, sizeof b->uri, "%.*s/%s", (int)(slash - base), base, b->name);
	if (pg_admin(b, "CREATE", err) != 0)
		return -1;
	b->created = 1;
	return conform_server_open(&b->s, b->uri, households, err);
}

static int
pg_add(void *be, const struct fc_record_draft *draft, const char *time, char id[FC_RECORD_ID_MAX],
       struct fc_error *err)
{
	return conform_server_add(&((struct server_pg *)be)->s, draft, time, id, err);
}

/* What pg_rows reads the state through: conform_server_state passes it along. */
struct pg_reader {
	const struct fc_pq *pq;
	PGconn *conn;
};

static int
pg_rows(void *reader, const char *sql, const char *today, conform_row_fn fn, json_t *out)
{
	const struct fc_pq *pq = ((struct pg_reader *)reader)->pq;
	PGconn *conn = ((struct pg_reader *)reader)->conn;
	const char *params[1] = {today};
	int n = strstr(sql, "$1") != NULL ? 1 : 0;
	PGresult *res = pq->execParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	int ok = pq->resultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "%s: %s\n", sql, pq->errorMessage(conn));
	for (int r = 0; ok && r < pq->ntuples(res); r++) {
		const char *col[4] = {"", "", "", ""};

		for (int i = 0; i < pq->nfields(res) && i < 4; i++)
			col[i] = pq->getvalue(res, r, i);
		fn(out, col);
	}
	pq->clear(res);
	return ok ? 0 : -1;
}

static int
pg_state(void *be, const char *today, json_t **out, struct fc_error *err)
{
	struct server_pg *b = be;
	struct pg_reader r = {b->pq, b->pq->connectdb(b->uri)};
	int ret;

	if (conform_server_check_aggregates(&b->s, err) != 0) {
		b->pq->finish(r.conn);
		return -1;
	}
	if (b->pq->status(r.conn) != CONNECTION_OK) {
		fc_error_set(err, FC_E_DB, "%s: %s", b->uri, b->pq->errorMessage(r.conn));
		b->pq->finish(r.conn);
		return -1;
	}
	ret = conform_server_state(pg_rows, &r, today, out, err);
	b->pq->finish(r.conn);
	return ret;
}

static void
pg_close(void *be)
{
	struct server_pg *b = be;
	struct fc_error err = {0};

	if (b == NULL)
		return;
	conform_server_close(&b->s);
	if (b->created && pg_admin(b, "DROP", &err) != 0)
		fprintf(stderr, "%s\n", err.msg);
	/* No table: libpq never loaded, so pg_open connected nothing. */
	if (b->pq != NULL)
		b->pq->finish(b->admin);
	free(b);
}

const struct conform_backend conform_server_pg = {
    .name = "server-pg",
    .open = pg_open,
    .add = pg_add,
    .state = pg_state,
    .close = pg_close,
};
