/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend-server-sqlite.c: the conformance table on the server's store in a
 * SQLite file (tests/ledger/server.h): records pushed as a device pushes
 * them, the state read back from the file's ledger rows.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "tests/helper/conform.h"
#include "tests/ledger/server.h"

struct server_sqlite {
	struct conform_server s;
	char path[512];
};

static int
sqlite_open(void **be, const char *dir, const json_t *households, struct fc_error *err)
{
	struct server_sqlite *b = calloc(1, sizeof *b);

	*be = b;
	if (b == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	snprintf(b->path, sizeof b->path, "%s/store.db", dir);
	return conform_server_open(&b->s, b->path, households, err);
}

static int
sqlite_add(void *be, const struct fc_record_draft *draft, const char *time,
	   char id[FC_RECORD_ID_MAX], struct fc_error *err)
{
	return conform_server_add(&((struct server_sqlite *)be)->s, draft, time, id, err);
}

static int
sqlite_rows(void *conn, const char *sql, const char *today, conform_row_fn fn, json_t *out)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(conn, sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(conn));
		return -1;
	}
	if (sqlite3_bind_parameter_count(stmt) > 0)
		sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *col[4] = {"", "", "", ""};

		for (int i = 0; i < sqlite3_column_count(stmt) && i < 4; i++)
			if (sqlite3_column_text(stmt, i) != NULL)
				col[i] = (const char *)sqlite3_column_text(stmt, i);
		fn(out, col);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
sqlite_state(void *be, const char *today, json_t **out, struct fc_error *err)
{
	struct server_sqlite *b = be;
	sqlite3 *db;
	int ret;

	if (conform_server_check_aggregates(&b->s, err) != 0) {
		return -1;
	}
	if (sqlite3_open_v2(b->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return fc_error_set(err, FC_E_DB, "cannot open %s", b->path);
	}
	ret = conform_server_state(sqlite_rows, db, today, out, err);
	sqlite3_close(db);
	return ret;
}

static void
sqlite_close(void *be)
{
	struct server_sqlite *b = be;

	if (b == NULL)
		return;
	conform_server_close(&b->s);
	free(b);
}

const struct conform_backend conform_server_sqlite = {
    .name = "server-sqlite",
    .open = sqlite_open,
    .add = sqlite_add,
    .state = sqlite_state,
    .close = sqlite_close,
};
