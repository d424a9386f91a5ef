/* SPDX-License-Identifier: Apache-2.0 */
/*
 * migrate.c: numbered migrations, each applied with its user_version bump in
 * one transaction.
 */
#include <stdio.h>

#include "migrate.h"

static int
migrate_user_version(sqlite3 *db, int *out, struct fc_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);

	if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
		return 0;
	}
	sqlite3_finalize(stmt);
	return fc_error_set(err, FC_E_DB, "cannot read the schema version: %s", sqlite3_errmsg(db));
}

int
fc_migrate(sqlite3 *db, const struct fc_migration *table, struct fc_error *err)
{
	int current = 0, newest = 0;
	char *msg = NULL;
	char pragma[64];

	if (migrate_user_version(db, &current, err) != 0)
		return -1;
	for (const struct fc_migration *m = table; m->sql != NULL; m++)
		if (m->version > newest)
			newest = m->version;
	if (current > newest)
		return fc_error_set(
		    err, FC_E_INVALID,
		    "the database is schema version %d but this program knows only up to %d; "
		    "upgrade fieldcheck",
		    current, newest);
	for (const struct fc_migration *m = table; m->sql != NULL; m++) {
		if (m->version <= current)
			continue;
		/* PRAGMA takes no bound parameters; the number is ours, not input. */
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", m->version);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE;", NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, m->sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT;", NULL, NULL, &msg) != SQLITE_OK) {
			fc_error_set(err, FC_E_DB, "schema migration %s failed: %s", m->name,
				     msg != NULL ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
			return -1;
		}
		current = m->version;
	}
	return 0;
}
