/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite-review.c: the SQLite backend's verbs of store/review.h: the
 * server key and records found by hash. Their SQL is in store/sqlite.c's
 * statement table like every other statement's; store/pg-review.c is the
 * PostgreSQL twin.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/review-ops.h"
#include "server/store/sqlite.h"

#define _(s) gettext(s)
#define N_(s) (s)

int
fc_lite_get_server_key(struct fc_sstore *st, unsigned char pk[FC_PK_BYTES],
		       unsigned char sk[FC_SK_BYTES], int *found, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_GET_SERVER_KEY];
	int rc, ret = 0;

	*found = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (fc_lite_blob(pk, FC_PK_BYTES, s, 0) != 0 ||
		    (sk != NULL && fc_lite_blob(sk, FC_SK_BYTES, s, 1) != 0))
			ret = fc_error_set(err, FC_E_DB, _("the stored server key is damaged"));
		else
			*found = 1;
	} else if (rc != SQLITE_DONE) {
		ret = fc_sstore_fail(st, err, N_("cannot read the server key"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_put_server_key(struct fc_sstore *st, const unsigned char pk[FC_PK_BYTES],
		       const unsigned char sk[FC_SK_BYTES], time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_PUT_SERVER_KEY];
	int ret = 0;

	sqlite3_bind_blob(s, 1, pk, FC_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, sk, FC_SK_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)now);
	if (sqlite3_step(s) != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot keep the server key"));
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
		  struct fc_sverify *out, int *found, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_FIND_HASH];
	int rc, ret = 0;

	*found = 0;
	memset(out, 0, sizeof *out);
	sqlite3_bind_blob(s, 1, hash, FC_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*found = 1;
		fc_lite_copy(out->record_id, sizeof out->record_id, s, 0);
		fc_lite_copy(out->type, sizeof out->type, s, 1);
		fc_lite_copy(out->day, sizeof out->day, s, 2);
		fc_lite_copy(out->inspector, sizeof out->inspector, s, 3);
		fc_lite_copy(out->district, sizeof out->district, s, 4);
		out->body_len = (size_t)sqlite3_column_bytes(s, 5);
		out->body = malloc(out->body_len + 1);
		if (out->body == NULL) {
			ret = fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		} else {
			if (out->body_len > 0)
				memcpy(out->body, sqlite3_column_blob(s, 5), out->body_len);
			out->body[out->body_len] = '\0';
		}
	} else if (rc != SQLITE_DONE) {
		ret = fc_sstore_fail(st, err, N_("cannot look the record up"));
	}
	fc_sstore_reset(s);
	return ret;
}
