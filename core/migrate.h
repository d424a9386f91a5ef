/* SPDX-License-Identifier: Apache-2.0 */
/*
 * migrate.h: applying numbered schema migrations to a SQLite database.
 *
 * Migrations are compiled in from schema/<store>/NNNN-name.sql by
 * tools/embed-sql.sh. Each one the database has not had yet, whatever its
 * number (0007 arriving after 0009 is applied too), runs in its own
 * transaction together with its row in the table fc_schema_version (and
 * PRAGMA user_version, the highest applied), so a crash leaves the database
 * as it was before that migration, never half-migrated.
 */
#ifndef FC_MIGRATE_H
#define FC_MIGRATE_H

#include <sqlite3.h>

#include "error.h"

struct fc_migration {
	int version; /* NNNN of the file name */
	const char *name;
	const char *sql;
};

/* Tables ending in { 0, NULL, NULL }. */
extern const struct fc_migration fc_device_migrations[];
extern const struct fc_migration fc_server_migrations[];

/*
 * Apply every migration of table that db has not had, in table order. Fails
 * (FC_E_DB) naming the migration; refuses (FC_E_INVALID) a database that has
 * a migration this program does not know (made by a newer program).
 */
int fc_migrate(sqlite3 *db, const struct fc_migration *table, struct fc_error *err);

#endif
