/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite.h: the server store's SQLite backend, shared by its files.
 * store/sqlite.c holds every statement, the connection and the table of
 * operations fc_sstore_sqlite; the verbs binding values to the statements
 * and mapping their rows are split by what they touch, below. Each fc_lite_*
 * verb taking a struct fc_sstore is the operation of the same name in
 * store/backend.h. Only the files of server/store/ include this header.
 */
#ifndef FC_SERVER_STORE_SQLITE_H
#define FC_SERVER_STORE_SQLITE_H

#include <sqlite3.h>

#include "server/store/backend.h"

/* Running a statement (store/sqlite.c) */

/* Step a statement that returns no rows, then reset it; -1 with err ("what: why", what N_()). */
int fc_lite_exec(struct fc_sstore *st, sqlite3_stmt *stmt, struct fc_error *err, const char *what);
/* A text column into out ("" for NULL). */
void fc_lite_copy(char *out, size_t size, sqlite3_stmt *stmt, int col);
/* A blob column of exactly size bytes into out: 0; zeros and -1 when NULL or of another size. */
int fc_lite_blob(unsigned char *out, size_t size, sqlite3_stmt *stmt, int col);
/* Take turns to write with this process's other handles (again on a handle that holds it). */
void fc_lite_write_lock(struct fc_sstore *st);
void fc_lite_write_unlock(struct fc_sstore *st);
/* Roll back the open transaction, if any, and let the next writer in. */
void fc_lite_rollback(struct fc_sstore *st);

/* Inspectors, enrolment codes, devices and nonces (store/sqlite-devices.c) */

int fc_lite_put_inspector(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
			  struct fc_error *err);
int fc_lite_get_inspector(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
			  struct fc_error *err);
int fc_lite_revoke(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err);
int fc_lite_revoke_device(struct fc_sstore *st, const char *device, time_t now,
			  struct fc_error *err);
int fc_lite_add_code(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
		     time_t now, time_t expires, struct fc_error *err);
int fc_lite_get_code(struct fc_sstore *st, const unsigned char hash[32],
		     char inspector_out[FC_ID_MAX], int64_t *expires, int64_t *used, int *found,
		     struct fc_error *err);
int fc_lite_spend_code(struct fc_sstore *st, const unsigned char hash[32], time_t now,
		       long *changed, struct fc_error *err);
int fc_lite_insert_device(struct fc_sstore *st, const char *device, const char *inspector,
			  const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err);
int fc_lite_get_caller(struct fc_sstore *st, const char *device, const char *inspector,
		       const char *nonce, struct fc_scaller *out, struct fc_error *err);
int fc_lite_get_device(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
		       struct fc_error *err);
int fc_lite_each_device(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err);
int fc_lite_touch_device(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err);
int fc_lite_use_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
		      long window, struct fc_error *err);

/* Records, the registry, templates, photos, authorization's reads (store/sqlite-records.c) */

int fc_lite_held(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
		 unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
int fc_lite_record_hash(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
			unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
int fc_lite_insert_record(struct fc_sstore *st, int64_t device_rowid, const char *district,
			  const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			  struct fc_error *err);
int fc_lite_add_fork(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
		     const unsigned char held_hash[FC_HASH_BYTES], time_t now,
		     struct fc_error *err);
int fc_lite_each_record(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
			struct fc_error *err);
int fc_lite_counts(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err);
int fc_lite_put_households(struct fc_sstore *st, const struct fc_household *rows, size_t count,
			   struct fc_error *err);
int fc_lite_households_since(struct fc_sstore *st, enum sql_id id, const char *district,
			     int64_t since, size_t limit, fc_household_fn fn, void *ctx,
			     int64_t *last, struct fc_error *err);
int fc_lite_add_template(struct fc_sstore *st, const char *id, int version, const char *json,
			 time_t now, struct fc_error *err);
int fc_lite_templates_since(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			    struct fc_error *err);
int fc_lite_get_photo(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
		      struct fc_sphoto *out, struct fc_error *err);
int fc_lite_photo_done(struct fc_sstore *st, const char *hash, int64_t size, struct fc_error *err);
int fc_lite_household_district(struct fc_sstore *st, const char *id, char district[FC_ID_MAX],
			       int *found, struct fc_error *err);
int fc_lite_record_owner(struct fc_sstore *st, const char *record_id, struct fc_sowner *out,
			 int *found, struct fc_error *err);

/* The ledger's rows (store/sqlite-ledger.c) */

int fc_lite_household_get(struct fc_sstore *st, const char *id, struct fc_household *out,
			  int *found, struct fc_error *err);
int fc_lite_household_bodies(struct fc_sstore *st, const char *household, fc_sbody_fn fn, void *ctx,
			     struct fc_error *err);
int fc_lite_ledger_lock(struct fc_sstore *st, const char *household, struct fc_error *err);
int fc_lite_ledger_del(struct fc_sstore *st, enum sql_id id, const char *const *key, int n,
		       struct fc_error *err);
int fc_lite_ledger_hazard(struct fc_sstore *st, const struct fc_sledger_hazard *r,
			  struct fc_error *err);
int fc_lite_ledger_programme(struct fc_sstore *st, const struct fc_sledger_programme *r,
			     struct fc_error *err);
int fc_lite_ledger_version(struct fc_sstore *st, const struct fc_sledger_version *r,
			   struct fc_error *err);
int fc_lite_ledger_pending(struct fc_sstore *st, char (*ids)[FC_ID_MAX], size_t max, size_t *n,
			   struct fc_error *err);
int fc_lite_ledger_pending_done(struct fc_sstore *st, const char *household, struct fc_error *err);

#endif
