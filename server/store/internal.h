/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/internal.h: what the files of the server store share: the
 * statement table's index, the handle and the row access the reports use.
 * Only the files of server/store/ include it; everyone else uses store/store.h.
 * Every statement has one row in each backend's table: SQLite's in
 * store/sqlite.c, PostgreSQL's in store/pg.c, indexed alike.
 */
#ifndef FC_SERVER_STORE_INTERNAL_H
#define FC_SERVER_STORE_INTERNAL_H

#include <sqlite3.h>

#include "server/store/store.h"

enum sql_id {
	SQL_PUT_INSPECTOR,
	SQL_GET_INSPECTOR,
	SQL_REVOKE,
	SQL_REVOKE_DEVICE,
	SQL_VOID_CODES,
	SQL_ADD_CODE,
	SQL_GET_CODE,
	SQL_USE_CODE,
	SQL_AUDIT_ADD,
	SQL_AUDIT_SINCE,
	SQL_LIST_INSPECTORS,
	SQL_LIST_DEVICES,
	SQL_LIST_CODES,
	SQL_CANCEL_CODE,
	SQL_ADD_DEVICE,
	SQL_GET_DEVICE,
	SQL_EACH_DEVICE,
	SQL_TOUCH_DEVICE,
	SQL_PRUNE_NONCES,
	SQL_ADD_NONCE,
	SQL_HELD,
	SQL_RECORD_HASH,
	SQL_INSERT_RECORD,
	SQL_SET_HELD,
	SQL_INSERT_HAZARD,
	SQL_CLOSE_HAZARDS,
	SQL_INSERT_PHOTO,
	SQL_ADD_FORK,
	SQL_EACH_RECORD,
	SQL_COUNTS,
	SQL_LOCK_REGISTRY,
	SQL_PUT_HOUSEHOLD,
	SQL_HOUSEHOLDS_SINCE,
	SQL_ADD_TEMPLATE,
	SQL_TEMPLATES_SINCE,
	SQL_DUE_HOUSEHOLDS,
	SQL_OPEN_HAZARDS,
	SQL_SUM_RECORDS,
	SQL_SUM_SEVERITY,
	SQL_SUM_ITEMS,
	SQL_SUM_OPEN,
	SQL_SUM_GRADES,
	SQL_SUM_OVERDUE,
	SQL_SUM_DEVICES,
	SQL_SUM_FORKS,
	SQL_GET_PHOTO,
	SQL_PHOTO_DONE,
	SQL_HOUSEHOLD_DISTRICT,
	SQL_RECORD_OWNER,
	/* The server key and records by hash (store/review.h) */
	SQL_GET_SERVER_KEY,
	SQL_PUT_SERVER_KEY,
	SQL_FIND_HASH,
	/* Console accounts, sessions and failed logins (store/accounts.c) */
	SQL_ACCOUNT_ADD,
	SQL_ACCOUNT_GET,
	SQL_ACCOUNT_EACH,
	SQL_ACCOUNT_PASSWD,
	SQL_ACCOUNT_DISABLE,
	SQL_SESSIONS_END_USER,
	SQL_SESSION_ADD,
	SQL_SESSION_GET,
	SQL_SESSION_TOUCH,
	SQL_SESSION_DEL,
	SQL_SESSION_PRUNE,
	SQL_FAIL_GET,
	SQL_FAIL_ADD,
	SQL_FAIL_CLEAR,
	/* The console's reads (store/console.c) */
	SQL_CON_RECORDS,
	SQL_CON_RECORD,
	SQL_CON_FOLLOWUPS,
	SQL_CON_HOUSEHOLD_SEARCH,
	SQL_CON_HOUSEHOLD,
	SQL_CON_HOUSEHOLD_RECORDS,
	SQL_CON_INSPECTORS,
	SQL_CON_DEVICES,
	SQL_COUNT
};

struct fc_pgstore;
struct fc_sstore_backend;

/*
 * One handle is one connection to one backend: a SQLite file (db and stmt)
 * or a PostgreSQL database (pg, set when the path is a postgresql:// URI).
 * Every fc_sstore_* verb in store.c goes through ops, so callers never know
 * which one they hold.
 */
struct fc_sstore {
	const struct fc_sstore_backend *ops;
	sqlite3 *db;
	sqlite3_stmt *stmt[SQL_COUNT];
	struct fc_pgstore *pg;
};

/* Report rows, whichever backend produced them (store/report.c). */

/* A query parameter: text, or the integer num when text is NULL. */
struct fc_sstore_param {
	const char *text;
	int64_t num;
};

/* One result row; text() gives a column as text ("" for NULL), valid during the call. */
struct fc_sstore_row {
	const char *(*text)(const struct fc_sstore_row *row, int col);
	void *impl; /* the backend's statement or result */
	int index;  /* row number within impl, for backends that need it */
};

typedef void (*fc_sstore_row_fn)(const struct fc_sstore_row *row, void *ctx);

/* Turn a failed SQLite call into our words (FC_E_FULL, FC_E_BUSY, FC_E_DB); returns -1. */
int fc_sstore_fail(struct fc_sstore *st, struct fc_error *err, const char *what);
/* Reset a statement and clear its bindings after use. */
void fc_sstore_reset(sqlite3_stmt *stmt);

#endif
