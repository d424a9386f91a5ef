/* SPDX-License-Identifier: Apache-2.0 */
/*
 * migrate.h: applying numbered schema migrations to a SQLite database.
 *
 * Migrations are compiled in from schema/<store>/NNNN-name.sql by
 * tools/embed-sql.sh. Each one that is newer than PRAGMA user_version runs in
 * its own transaction together with the user_version bump, so a crash leaves
 * the database at the previous version, never half-migrated.
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
 * Bring db up to the newest migration in table. Fails (FC_E_DB) naming the
 * migration; refuses (FC_E_INVALID) a database newer than this program.
 */
int fc_migrate(sqlite3 *db, const struct fc_migration *table, struct fc_error *err);

#endif
