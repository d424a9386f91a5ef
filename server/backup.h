/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.h: `fieldcheck-server backup DIR [--keep N]`, a checked copy of a
 * live store under a dated name (SQLite: a verified copy; PostgreSQL: a
 * pg_dump archive read back whole), keeping the newest N copies.
 */
#ifndef FC_SERVER_BACKUP_H
#define FC_SERVER_BACKUP_H

#include "core/error.h"
#include "server/cmd.h"
#include "server/store/store.h"

/* Checks a store the way `verify` does: every signature and chain. */
typedef int (*fc_server_verify_fn)(struct fc_sstore *st, struct fc_error *err);

/*
 * "backup" DIR [--keep N], for the store db names (a SQLite file or a
 * postgresql:// URI). The copy is checked before it gets its name.
 */
int fc_server_backup(const char *db, const struct fc_server_args *a, fc_server_verify_fn verify,
		     struct fc_error *err);

#endif
