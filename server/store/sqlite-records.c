/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite-records.c: the SQLite backend's verbs on signed records, forks,
 * the household registry, templates, photos and what authorization reads:
 * each binds its values to a statement of store/sqlite.c's table and maps the
 * rows back (store/pg-data.c is the PostgreSQL twin). Records are stored byte
 * for byte as signed; push verified them before the insert.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/sqlite.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Records */

int
fc_lite_held(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
	     unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_HELD];
	int rc, ret = 0;

	sqlite3_bind_int64(s, 1, device_rowid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		fc_lite_blob(hash, FC_HASH_BYTES, s, 1);
	} else {
		ret = fc_sstore_fail(st, err, N_("cannot read the device's records"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_record_hash(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
		    unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_RECORD_HASH];
	int rc, ret = 0;

	sqlite3_bind_int64(s, 1, device_rowid);
	sqlite3_bind_int64(s, 2, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fc_lite_blob(hash, FC_HASH_BYTES, s, 0);
	else if (rc == SQLITE_DONE)
		ret = fc_error_set(err, FC_E_NOTFOUND, "no record %lld", (long long)seq);
	else
		ret = fc_sstore_fail(st, err, N_("cannot read records"));
	fc_sstore_reset(s);
	return ret;
}

static int
sstore_insert_photos(struct fc_sstore *st, int64_t device_rowid, const struct fc_sextract *ex,
		     time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_INSERT_PHOTO];
	size_t i;
	json_t *p;

	json_array_foreach(ex->photos, i, p) {
		sqlite3_bind_text(s, 1, json_string_value(json_object_get(p, "hash")), -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, json_integer_value(json_object_get(p, "size")));
		sqlite3_bind_int64(s, 3, device_rowid);
		sqlite3_bind_int64(s, 4, (int64_t)now);
		if (fc_lite_exec(st, s, err, N_("cannot note a photo")) != 0)
			return -1;
	}
	return 0;
}

int
fc_lite_insert_record(struct fc_sstore *st, int64_t device_rowid, const char *district,
		      const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
		      struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_INSERT_RECORD];
	char what[96];

	snprintf(what, sizeof what, "cannot store record %s", rec->id);
	sqlite3_bind_int64(s, 1, device_rowid);
	sqlite3_bind_int64(s, 2, rec->seq);
	sqlite3_bind_blob(s, 3, rec->hash, FC_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rec->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, rec->inspector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, district, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, rec->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, rec->household, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, rec->template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, ex->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, rec->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, ex->follows, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, ex->grade, -1, SQLITE_STATIC);
	/* Stored byte for byte as signed: verification never re-serialises. */
	sqlite3_bind_blob64(s, 14, rec->body, rec->body_len, SQLITE_STATIC);
	sqlite3_bind_blob(s, 15, rec->sig, FC_SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 16, (int64_t)now);
	if (ex->entry != NULL)
		sqlite3_bind_text(s, 17, ex->entry, (int)ex->entry_len, SQLITE_STATIC);
	if (fc_lite_exec(st, s, err, what) != 0)
		return -1;
	if (ex->photos != NULL && sstore_insert_photos(st, device_rowid, ex, now, err) != 0)
		return -1;
	s = st->stmt[SQL_SET_HELD];
	sqlite3_bind_int64(s, 1, device_rowid);
	sqlite3_bind_int64(s, 2, rec->seq);
	sqlite3_bind_blob(s, 3, rec->hash, FC_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)now);
	return fc_lite_exec(st, s, err, what);
}

int
fc_lite_add_fork(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
		 const unsigned char held_hash[FC_HASH_BYTES], time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_ADD_FORK];

	sqlite3_bind_int64(s, 1, device_rowid);
	sqlite3_bind_int64(s, 2, rec->seq);
	sqlite3_bind_blob(s, 3, rec->hash, FC_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, held_hash, FC_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob64(s, 5, rec->body, rec->body_len, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, rec->sig, FC_SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, (int64_t)now);
	return fc_lite_exec(st, s, err, N_("cannot keep the fork"));
}

int
fc_lite_each_record(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
		    struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_EACH_RECORD];
	unsigned char sig[FC_SIG_BYTES], hash[FC_HASH_BYTES];
	int rc, ret = 0;

	sqlite3_bind_int64(s, 1, device_rowid);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *body = sqlite3_column_blob(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);

		fc_lite_blob(sig, sizeof sig, s, 2);
		fc_lite_blob(hash, sizeof hash, s, 3);
		if ((ret = fn(sqlite3_column_int64(s, 0), body != NULL ? body : "", len, sig, hash,
			      ctx, err)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot read records"));
	fc_sstore_reset(s);
	return ret < 0 ? -1 : 0;
}

int
fc_lite_counts(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_COUNTS];
	int ret = 0;

	if (sqlite3_step(s) == SQLITE_ROW) {
		out->inspectors = sqlite3_column_int64(s, 0);
		out->devices = sqlite3_column_int64(s, 1);
		out->records = sqlite3_column_int64(s, 2);
		out->forks = sqlite3_column_int64(s, 3);
		out->households = sqlite3_column_int64(s, 4);
		out->templates = sqlite3_column_int64(s, 5);
		out->photos = sqlite3_column_int64(s, 6);
	} else {
		ret = fc_sstore_fail(st, err, N_("cannot count"));
	}
	fc_sstore_reset(s);
	return ret;
}

/* Households and templates */

int
fc_lite_put_households(struct fc_sstore *st, const struct fc_household *rows, size_t count,
		       struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_PUT_HOUSEHOLD];
	int64_t floor = fc_sstore_rev_floor();

	for (size_t i = 0; i < count; i++) {
		const struct fc_household *h = &rows[i];

		sqlite3_bind_text(s, 1, h->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, h->district, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, h->address, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, h->resident, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, h->phone, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, h->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, h->last_check, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 8, floor);
		if (fc_lite_exec(st, s, err, N_("cannot save a household")) != 0)
			return fc_error_prefix(err, "household %s", h->id);
	}
	return 0;
}

int
fc_lite_households_since(struct fc_sstore *st, enum sql_id id, const char *district, int64_t since,
			 size_t limit, fc_household_fn fn, void *ctx, int64_t *last,
			 struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[id];
	struct fc_household h;
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, district, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int64(s, 3, (int64_t)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fc_lite_copy(h.id, sizeof h.id, s, 0);
		fc_lite_copy(h.district, sizeof h.district, s, 1);
		fc_lite_copy(h.address, sizeof h.address, s, 2);
		fc_lite_copy(h.resident, sizeof h.resident, s, 3);
		fc_lite_copy(h.phone, sizeof h.phone, s, 4);
		fc_lite_copy(h.kind, sizeof h.kind, s, 5);
		fc_lite_copy(h.last_check, sizeof h.last_check, s, 6);
		*last = sqlite3_column_int64(s, 7);
		if ((ret = fn(&h, ctx, err)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot read households"));
	fc_sstore_reset(s);
	return ret < 0 ? -1 : 0;
}

int
fc_lite_add_template(struct fc_sstore *st, const char *id, int version, const char *json,
		     time_t now, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_ADD_TEMPLATE];
	int rc;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, version);
	sqlite3_bind_text(s, 3, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)now);
	sqlite3_bind_int64(s, 5, fc_sstore_rev_floor());
	rc = sqlite3_step(s);
	fc_sstore_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT)
		return fc_error_set(
		    err, FC_E_EXISTS,
		    _("template %s version %d is already on the server; raise its version"), id,
		    version);
	return fc_sstore_fail(st, err, N_("cannot save the template"));
}

int
fc_lite_templates_since(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_TEMPLATES_SINCE];
	int rc, ret = 0;

	sqlite3_bind_int64(s, 1, since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((ret = fn(sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
			      ctx, err)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot read templates"));
	fc_sstore_reset(s);
	return ret < 0 ? -1 : 0;
}

/* Photos */

int
fc_lite_get_photo(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
		  struct fc_sphoto *out, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_GET_PHOTO];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, size);
	sqlite3_bind_int64(s, 3, device_rowid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out->hash, sizeof out->hash, "%s", hash);
		out->size = sqlite3_column_int64(s, 0);
		out->complete = sqlite3_column_int(s, 1);
		out->named = sqlite3_column_int(s, 2);
	} else if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "photo %.12s is not named by any record the server holds", hash);
	} else {
		ret = fc_sstore_fail(st, err, N_("cannot read photos"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_photo_done(struct fc_sstore *st, const char *hash, int64_t size, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_PHOTO_DONE];

	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, size);
	return fc_lite_exec(st, s, err, N_("cannot mark the photo complete"));
}

/* What authorization reads (store/authz.c decides) */

int
fc_lite_household_district(struct fc_sstore *st, const char *id, char district[FC_ID_MAX],
			   int *found, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_HOUSEHOLD_DISTRICT];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		fc_lite_copy(district, FC_ID_MAX, s, 0);
	else if (rc != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot read households"));
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_record_owner(struct fc_sstore *st, const char *record_id, struct fc_sowner *out, int *found,
		     struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_RECORD_OWNER];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, record_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		fc_lite_copy(out->inspector, sizeof out->inspector, s, 0);
		fc_lite_copy(out->household, sizeof out->household, s, 1);
		fc_lite_copy(out->district, sizeof out->district, s, 2);
	} else if (rc != SQLITE_DONE) {
		ret = fc_sstore_fail(st, err, N_("cannot read records"));
	}
	fc_sstore_reset(s);
	return ret;
}
