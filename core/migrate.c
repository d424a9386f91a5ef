/* SPDX-License-Identifier: Apache-2.0 */
/*
 * migrate.c: numbered migrations, each applied with its version row in one
 * transaction.
 *
 * A database remembers every migration applied to it, by number, in
 * fc_schema_version (as the PostgreSQL server store does), not only the
 * highest: migration numbers are handed out ahead of time and may reach a
 * program out of order (0009 before 0007), and a store migrated to 0009
 * must still get 0007 when it arrives. A database made before this table
 * existed knew only PRAGMA user_version; every migration up to that number
 * was applied to it then, so those are its first rows. user_version stays
 * the highest applied, for tools that read it.
 */
#include <libintl.h>
#include <stdio.h>

#include "migrate.h"

#define _(s) gettext(s)

#define MIGRATE_HAS_TABLE                                                                          \
	"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'fc_schema_version'"
#define MIGRATE_APPLIED "SELECT count(*) FROM fc_schema_version WHERE version = ?1"

static int
migrate_int(sqlite3 *db, const char *sql, int key, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);

	*out = 0;
	if (rc == SQLITE_OK && key > 0)
		sqlite3_bind_int(stmt, 1, key);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
migrate_fail(sqlite3 *db, char *msg, const char *what, struct fc_error *err)
{
	fc_error_set(err, FC_E_DB, what, msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
	return -1;
}

static int
migrate_newest(const struct fc_migration *table)
{
	int newest = 0;

	for (const struct fc_migration *m = table; m->sql != NULL; m++)
		if (m->version > newest)
			newest = m->version;
	return newest;
}

/* The fc_schema_version table, made from user_version on a database that predates it. */
static int
migrate_bootstrap(sqlite3 *db, const struct fc_migration *table, struct fc_error *err)
{
	int have = 0, current = 0, newest = migrate_newest(table);
	char *msg = NULL;
	char sql[160];

	if (sqlite3_exec(db, "BEGIN IMMEDIATE;", NULL, NULL, &msg) != SQLITE_OK)
		return migrate_fail(db, msg, _("cannot read the schema version: %s"), err);
	if (migrate_int(db, MIGRATE_HAS_TABLE, 0, &have) != 0 ||
	    migrate_int(db, "PRAGMA user_version", 0, &current) != 0)
		return migrate_fail(db, NULL, _("cannot read the schema version: %s"), err);
	if (have) {
		sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
		return 0;
	}
	if (current > newest) {
		sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
		return fc_error_set(err, FC_E_INVALID,
				    _("the database is schema version %d but this program knows "
				      "only up to %d; upgrade fieldcheck"),
				    current, newest);
	}
	if (sqlite3_exec(db,
			 "CREATE TABLE fc_schema_version (version INTEGER PRIMARY KEY, "
			 "name TEXT NOT NULL);",
			 NULL, NULL, &msg) != SQLITE_OK)
		return migrate_fail(db, msg, _("cannot note the schema version: %s"), err);
	for (const struct fc_migration *m = table; m->sql != NULL; m++) {
		if (m->version > current)
			continue;
		/* The number is ours and the name a file name of ours: no input here. */
		snprintf(sql, sizeof sql,
			 "INSERT INTO fc_schema_version (version, name) VALUES (%d, '%s');",
			 m->version, m->name);
		if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
			return migrate_fail(db, msg, _("cannot note the schema version: %s"), err);
	}
	if (sqlite3_exec(db, "COMMIT;", NULL, NULL, &msg) != SQLITE_OK)
		return migrate_fail(db, msg, _("cannot note the schema version: %s"), err);
	return 0;
}

/* A migration applied to db that table does not have: a newer program made it. */
static int
migrate_unknown(sqlite3 *db, const struct fc_migration *table, struct fc_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc, unknown = 0;

	if (sqlite3_prepare_v2(db, "SELECT version FROM fc_schema_version ORDER BY version", -1,
			       &stmt, NULL) != SQLITE_OK)
		return fc_error_set(err, FC_E_DB, _("cannot read the schema version: %s"),
				    sqlite3_errmsg(db));
	while (unknown == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const struct fc_migration *m = table;
		int v = sqlite3_column_int(stmt, 0);

		while (m->sql != NULL && m->version != v)
			m++;
		if (m->sql == NULL)
			unknown = v;
	}
	sqlite3_finalize(stmt);
	if (unknown != 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("the database has schema migration %d, which this program "
				      "does not know (it knows up to %d); upgrade fieldcheck"),
				    unknown, migrate_newest(table));
	return 0;
}

/* Apply m unless it is already applied (another process may just have done it). */
static int
migrate_one(sqlite3 *db, const struct fc_migration *m, struct fc_error *err)
{
	int applied = 0, current = 0;
	char *msg = NULL;
	char sql[160];

	if (sqlite3_exec(db, "BEGIN IMMEDIATE;", NULL, NULL, &msg) != SQLITE_OK)
		return migrate_fail(db, msg, _("cannot start a schema migration: %s"), err);
	if (migrate_int(db, MIGRATE_APPLIED, m->version, &applied) != 0 ||
	    migrate_int(db, "PRAGMA user_version", 0, &current) != 0)
		return migrate_fail(db, NULL, _("cannot read the schema version: %s"), err);
	if (applied) {
		sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
		return 0;
	}
	/* PRAGMA takes no bound parameters; the numbers and the name are ours, not input. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO fc_schema_version (version, name) VALUES (%d, '%s'); "
		 "PRAGMA user_version = %d;",
		 m->version, m->name, m->version > current ? m->version : current);
	if (sqlite3_exec(db, m->sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT;", NULL, NULL, &msg) != SQLITE_OK) {
		fc_error_set(err, FC_E_DB, _("schema migration %s failed: %s"), m->name,
			     msg != NULL ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int
fc_migrate(sqlite3 *db, const struct fc_migration *table, struct fc_error *err)
{
	int have = 0;

	/* Reads first: a store that is up to date opens without taking the write lock. */
	if (migrate_int(db, MIGRATE_HAS_TABLE, 0, &have) != 0)
		return fc_error_set(err, FC_E_DB, _("cannot read the schema version: %s"),
				    sqlite3_errmsg(db));
	if ((!have && migrate_bootstrap(db, table, err) != 0) ||
	    migrate_unknown(db, table, err) != 0)
		return -1;
	for (const struct fc_migration *m = table; m->sql != NULL; m++) {
		if (migrate_int(db, MIGRATE_APPLIED, m->version, &have) != 0)
			return fc_error_set(err, FC_E_DB, _("cannot read the schema version: %s"),
					    sqlite3_errmsg(db));
		if (!have && migrate_one(db, m, err) != 0)
			return -1;
	}
	return 0;
}
