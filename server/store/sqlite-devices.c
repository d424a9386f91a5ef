/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite-devices.c: the SQLite backend's verbs on inspectors, enrolment
 * codes, devices and request nonces: each binds its values to a statement of
 * store/sqlite.c's table and maps the rows back (store/pg-data.c is the
 * PostgreSQL twin). A nonce is spent in its own short transaction, in turn
 * with the pushes, so a replayed request fails on the unique key.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/sqlite.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Inspectors and enrolment */

int
fc_lite_put_inspector(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
		      struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_PUT_INSPECTOR];

	sqlite3_bind_text(s, 1, in->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, in->district, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, in->role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (int64_t)now);
	return fc_lite_exec(st, s, err, N_("cannot save the inspector"));
}

int
fc_lite_get_inspector(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
		      struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_GET_INSPECTOR];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		snprintf(out->id, sizeof out->id, "%s", id);
		fc_lite_copy(out->name, sizeof out->name, s, 0);
		fc_lite_copy(out->district, sizeof out->district, s, 1);
		fc_lite_copy(out->role, sizeof out->role, s, 2);
		out->revoked_at = sqlite3_column_int64(s, 3);
	} else if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND, _("no inspector %s"), id);
	} else {
		ret = fc_sstore_fail(st, err, N_("cannot read inspectors"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_revoke(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_REVOKE];

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)now);
	if (fc_lite_exec(st, s, err, N_("cannot revoke")) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no inspector %s"), id);
	if (now == 0)
		return 0;
	/* A code issued before the revocation must not enrol a device after it. */
	s = st->stmt[SQL_VOID_CODES];
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)now);
	return fc_lite_exec(st, s, err, N_("cannot void the inspector's enrolment codes"));
}

int
fc_lite_revoke_device(struct fc_sstore *st, const char *device, time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_REVOKE_DEVICE];

	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)now);
	if (fc_lite_exec(st, s, err, N_("cannot revoke the device")) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no device %s was ever enrolled"),
				    device);
	return 0;
}

int
fc_lite_add_code(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
		 time_t now, time_t expires, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_ADD_CODE];

	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, inspector, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)now);
	sqlite3_bind_int64(s, 4, (int64_t)expires);
	return fc_lite_exec(st, s, err, N_("cannot save the enrolment code"));
}

int
fc_lite_get_code(struct fc_sstore *st, const unsigned char hash[32], char inspector_out[FC_ID_MAX],
		 int64_t *expires, int64_t *used, int *found, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_GET_CODE];
	int rc, ret = 0;

	*found = 0;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*found = 1;
		fc_lite_copy(inspector_out, FC_ID_MAX, s, 0);
		*expires = sqlite3_column_int64(s, 1);
		*used = sqlite3_column_int64(s, 2);
	} else if (rc != SQLITE_DONE) {
		ret = fc_sstore_fail(st, err, N_("cannot read enrolment codes"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_spend_code(struct fc_sstore *st, const unsigned char hash[32], time_t now, long *changed,
		   struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_USE_CODE];

	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)now);
	if (fc_lite_exec(st, s, err, N_("cannot spend the enrolment code")) != 0)
		return -1;
	*changed = sqlite3_changes(st->db);
	return 0;
}

/* Devices */

static void
sstore_read_device(sqlite3_stmt *s, struct fc_sdevice *out)
{
	memset(out, 0, sizeof *out);
	out->rowid = sqlite3_column_int64(s, 0);
	fc_lite_copy(out->device, sizeof out->device, s, 1);
	fc_lite_copy(out->inspector, sizeof out->inspector, s, 2);
	fc_lite_blob(out->pk, sizeof out->pk, s, 3);
	out->held_seq = sqlite3_column_int64(s, 4);
	fc_lite_blob(out->held_hash, sizeof out->held_hash, s, 5);
	out->last_sync = sqlite3_column_int64(s, 6);
	out->revoked_at = sqlite3_column_int64(s, 7);
}

int
fc_lite_insert_device(struct fc_sstore *st, const char *device, const char *inspector,
		      const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_ADD_DEVICE];

	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, inspector, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, pk, FC_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)now);
	return fc_lite_exec(st, s, err, N_("cannot save the device"));
}

int
fc_lite_get_device(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
		   struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_GET_DEVICE];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		sstore_read_device(s, out);
	else if (rc == SQLITE_DONE)
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "device %s is not enrolled; run 'fieldcheck enroll URL CODE'",
				   device);
	else
		ret = fc_sstore_fail(st, err, N_("cannot read devices"));
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_get_caller(struct fc_sstore *st, const char *device, const char *inspector,
		   const char *nonce, struct fc_scaller *out, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_GET_CALLER];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, inspector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, nonce, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		sstore_read_device(s, &out->dev);
		out->insp_found = sqlite3_column_int(s, 12) != 0;
		out->nonce_seen = sqlite3_column_int(s, 13) != 0;
		if (out->insp_found) {
			snprintf(out->insp.id, sizeof out->insp.id, "%s", inspector);
			fc_lite_copy(out->insp.name, sizeof out->insp.name, s, 8);
			fc_lite_copy(out->insp.district, sizeof out->insp.district, s, 9);
			fc_lite_copy(out->insp.role, sizeof out->insp.role, s, 10);
			out->insp.revoked_at = sqlite3_column_int64(s, 11);
		}
	} else if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "device %s is not enrolled; run 'fieldcheck enroll URL CODE'",
				   device);
	} else {
		ret = fc_sstore_fail(st, err, N_("cannot read devices"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_each_device(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_EACH_DEVICE];
	struct fc_sdevice dev;
	int rc, ret = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sstore_read_device(s, &dev);
		if ((ret = fn(&dev, ctx, err)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot read devices"));
	fc_sstore_reset(s);
	return ret < 0 ? -1 : 0;
}

int
fc_lite_touch_device(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_TOUCH_DEVICE];

	sqlite3_bind_int64(s, 1, rowid);
	sqlite3_bind_int64(s, 2, (int64_t)now);
	return fc_lite_exec(st, s, err, N_("cannot note the sync"));
}

/* End the nonce's transaction (rolled back unless committed) and sync commits again. */
static void
lite_nonce_done(struct fc_sstore *st)
{
	fc_lite_rollback(st);
	sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

int
fc_lite_use_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
		  long window, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_PRUNE_NONCES];
	int rc;

	/*
	 * Two writes of every request, in turn with the pushes (fc_lite_write_lock),
	 * in one transaction: one commit, not two, for each request. That commit
	 * is not synced (NORMAL): the WAL is written in order, so the push or
	 * other write the request goes on to make syncs the nonce with it before
	 * it is answered; a request that writes nothing (a pull) changes nothing
	 * a replay after a power cut could repeat.
	 */
	fc_lite_write_lock(st);
	if (sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE", NULL, NULL,
			 NULL) != SQLITE_OK) {
		fc_sstore_fail(st, err, N_("cannot remember the nonce"));
		lite_nonce_done(st);
		return -1;
	}
	/* Twice the window: a request is accepted up to window either side of now. */
	sqlite3_bind_int64(s, 1, (int64_t)now - 2 * window);
	if (fc_lite_exec(st, s, err, N_("cannot forget old nonces")) != 0) {
		lite_nonce_done(st);
		return -1;
	}
	s = st->stmt[SQL_ADD_NONCE];
	sqlite3_bind_int64(s, 1, device_rowid);
	sqlite3_bind_text(s, 2, nonce, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)now);
	rc = sqlite3_step(s);
	fc_sstore_reset(s);
	if (rc != SQLITE_DONE) {
		/* The message before the rollback, which would clear SQLite's. */
		if (rc == SQLITE_CONSTRAINT)
			fc_error_set(err, FC_E_EXISTS,
				     "request replayed: this nonce was already used");
		else
			fc_sstore_fail(st, err, N_("cannot remember the nonce"));
		lite_nonce_done(st);
		return -1;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fc_sstore_fail(st, err, N_("cannot remember the nonce"));
		lite_nonce_done(st);
		return -1;
	}
	lite_nonce_done(st);
	return 0;
}
