/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/backend.h: what a server store backend does, and nothing more. The
 * rules (an enrolment code is spent once and expires, a device keeps its key
 * and inspector, who may write what) are in store.c above this table; a
 * backend stores and selects. Each backend file ends in its table:
 * fc_sstore_sqlite in store/sqlite.c, fc_sstore_pg in store/pg.c. Every
 * operation takes the handle, whose internal.h fields hold that backend's
 * connection, and has the contract of the store.h verb of the same name
 * unless said here.
 */
#ifndef FC_SERVER_STORE_BACKEND_H
#define FC_SERVER_STORE_BACKEND_H

#include "server/store/internal.h"
#include "server/store/review.h"

struct fc_sstore_backend {
	/*
	 * 1 when a statement costs no round trip (SQLite): many rows are then
	 * written one statement each rather than packed into one JSON argument
	 * that must be built and taken apart again.
	 */
	int statement_per_row;
	/*
	 * 1 when concurrent pushes are joined into one transaction
	 * (store/group.c): SQLite, whose writers take turns anyway. PostgreSQL
	 * runs them side by side on their own connections and already flushes
	 * its WAL once for every commit waiting (its own group commit); joined on
	 * one connection their round trips ran one after another, and pushes
	 * through HTTP fell from about 1 000 to 290 records/s (docs/limits.md).
	 */
	int join_commits;
	/* Connect (and migrate) into st's backend fields; close frees only those. */
	int (*open)(struct fc_sstore *st, const char *path, struct fc_error *err);
	void (*close)(struct fc_sstore *st);
	int (*begin)(struct fc_sstore *st, struct fc_error *err);
	int (*commit)(struct fc_sstore *st, struct fc_error *err);
	void (*rollback)(struct fc_sstore *st);

	int (*put_inspector)(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
			     struct fc_error *err);
	int (*get_inspector)(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
			     struct fc_error *err);
	/* Set revoked_at to now, or lift it when now is 0 (inspector; device). */
	int (*revoke)(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err);
	int (*revoke_device)(struct fc_sstore *st, const char *device, time_t now,
			     struct fc_error *err);
	int (*add_code)(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
			time_t now, time_t expires, struct fc_error *err);
	/* The code's row: *found 0 when there is none (not an error). */
	int (*get_code)(struct fc_sstore *st, const unsigned char hash[32],
			char inspector_out[FC_ID_MAX], int64_t *expires, int64_t *used, int *found,
			struct fc_error *err);
	/* Mark an unused code used at now; *changed is 0 when someone was first. */
	int (*spend_code)(struct fc_sstore *st, const unsigned char hash[32], time_t now,
			  long *changed, struct fc_error *err);

	/* Insert the device's row; store.c has already looked for an existing one. */
	int (*insert_device)(struct fc_sstore *st, const char *device, const char *inspector,
			     const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err);
	int (*get_device)(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
			  struct fc_error *err);
	int (*each_device)(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err);
	int (*touch_device)(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err);
	int (*use_nonce)(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
			 long window, struct fc_error *err);
	/* fc_sstore_get_caller's three reads in one statement. */
	int (*get_caller)(struct fc_sstore *st, const char *device, const char *inspector,
			  const char *nonce, struct fc_scaller *out, struct fc_error *err);

	int (*held)(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
		    unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
	int (*record_hash)(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
			   unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
	int (*insert_record)(struct fc_sstore *st, int64_t device_rowid, const char *district,
			     const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			     struct fc_error *err);
	int (*add_fork)(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
			const unsigned char held_hash[FC_HASH_BYTES], time_t now,
			struct fc_error *err);
	int (*each_record)(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
			   struct fc_error *err);
	int (*counts)(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err);

	int (*put_households)(struct fc_sstore *st, const struct fc_household *rows, size_t count,
			      struct fc_error *err);
	/*
	 * id SQL_HOUSEHOLDS_SINCE: district is the districts as a JSON array text
	 * (fc_sstore_districts_json); SQL_HOUSEHOLDS_SINCE_ONE: one district's id.
	 */
	int (*households_since)(struct fc_sstore *st, enum sql_id id, const char *district,
				int64_t since, size_t limit, fc_household_fn fn, void *ctx,
				int64_t *last, struct fc_error *err);
	int (*add_template)(struct fc_sstore *st, const char *id, int version, const char *json,
			    time_t now, struct fc_error *err);
	int (*templates_since)(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			       struct fc_error *err);
	int (*get_photo)(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
			 struct fc_sphoto *out, struct fc_error *err);
	int (*photo_done)(struct fc_sstore *st, const char *hash, int64_t size,
			  struct fc_error *err);

	/* A household's district; *found 0 when the registry does not have it. */
	int (*household_district)(struct fc_sstore *st, const char *id, char district[FC_ID_MAX],
				  int *found, struct fc_error *err);
	/* Who filed a stored record, for which household and district; *found 0 if none. */
	int (*record_owner)(struct fc_sstore *st, const char *record_id, struct fc_sowner *out,
			    int *found, struct fc_error *err);

	/* The ledger's rows (store/ledger.c computes them; these only store and select). */

	/* A household's registry row; *found 0 when the registry does not have it. */
	int (*household_get)(struct fc_sstore *st, const char *id, struct fc_household *out,
			     int *found, struct fc_error *err);
	/* Each stored record naming household: body and the district it was filed under. */
	int (*household_bodies)(struct fc_sstore *st, const char *household, fc_sbody_fn fn,
				void *ctx, struct fc_error *err);
	/*
	 * Hold the household's ledger until the transaction ends, so two server
	 * processes never compute it from each other's half (PostgreSQL; SQLite's
	 * BEGIN IMMEDIATE already lets one writer in). Taken before its records
	 * are read. NULL: every household's at once, for a transaction that
	 * recomputes many (an import, a recount), before it locks anything else.
	 */
	int (*ledger_lock)(struct fc_sstore *st, const char *household, struct fc_error *err);
	/*
	 * Send the reads of the household's kept ledger rows (SQL_LEDGER_ROWS),
	 * its records (SQL_HOUSEHOLD_BODIES) and its kept counters
	 * (SQL_AGG_PART_GET) ahead, to travel with its registry row's read
	 * (PostgreSQL; NULL where a read costs no round trip).
	 */
	int (*ledger_prefetch)(struct fc_sstore *st, const char *household, struct fc_error *err);
	/* Delete one ledger row by its key (id: SQL_LEDGER_DEL_*; key: its n columns). */
	int (*ledger_del)(struct fc_sstore *st, enum sql_id id, const char *const *key, int n,
			  struct fc_error *err);
	int (*ledger_hazard)(struct fc_sstore *st, const struct fc_sledger_hazard *row,
			     struct fc_error *err);
	int (*ledger_programme)(struct fc_sstore *st, const struct fc_sledger_programme *row,
				struct fc_error *err);
	int (*ledger_version)(struct fc_sstore *st, const struct fc_sledger_version *row,
			      struct fc_error *err);
	/* Up to max households still to compute (after the 0002 migration) into ids; *n. */
	int (*ledger_pending)(struct fc_sstore *st, char (*ids)[FC_ID_MAX], size_t max, size_t *n,
			      struct fc_error *err);
	int (*ledger_pending_done)(struct fc_sstore *st, const char *household,
				   struct fc_error *err);

	/* The store's schema version and the newest this program knows. */
	int (*schema)(struct fc_sstore *st, int *have, int *known, struct fc_error *err);

	/* A consistent copy of the whole store into the new file path (SQLite). */
	int (*backup)(struct fc_sstore *st, const char *path, struct fc_error *err);

	/* The server key pair (store/review.h); *found 0 when none was made yet. */
	int (*get_server_key)(struct fc_sstore *st, unsigned char pk[FC_PK_BYTES],
			      unsigned char sk[FC_SK_BYTES], int *found, struct fc_error *err);
	/* Keep the pair unless one is kept already, which then stays. */
	int (*put_server_key)(struct fc_sstore *st, const unsigned char pk[FC_PK_BYTES],
			      const unsigned char sk[FC_SK_BYTES], time_t now,
			      struct fc_error *err);
	int (*find_hash)(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
			 struct fc_sverify *out, int *found, struct fc_error *err);

	/*
	 * A report query's rows, for report.c to build JSON from. fn NULL: a
	 * write whose rows nobody reads, which PostgreSQL may answer later
	 * (fc_pgstore_defer; its failure fails the commit).
	 */
	int (*rows)(struct fc_sstore *st, enum sql_id id, const struct fc_sstore_param *params,
		    int nparams, fc_sstore_row_fn fn, void *ctx, struct fc_error *err);
};

extern const struct fc_sstore_backend fc_sstore_sqlite;
extern const struct fc_sstore_backend fc_sstore_pg;

#endif
