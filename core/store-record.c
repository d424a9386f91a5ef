/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-record.c: signed records in the device store: appending them in
 * chain order and reading them back byte for byte.
 *
 * Design: fc_store_add_record() seals a draft and appends it in one durable
 * transaction (BEGIN IMMEDIATE ... COMMIT with synchronous=FULL), reading the
 * newest seq and hash inside that transaction so two writers can never fork
 * the chain; the derived tables (store-ledger.c) change in the same
 * transaction. Reading copies the body out of SQLite so a caller may keep it.
 * Not here: building or signing bodies (record.c) or checking them (chain.c).
 */
#include <libintl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

#define _(s) gettext(s)

/* Records */

int
fc_store_last(struct fc_store *st, int64_t *seq, unsigned char hash[FC_HASH_BYTES],
	      struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LAST];
	int ret = 0;
	int rc = sqlite3_step(stmt);

	*seq = 0;
	memset(hash, 0, FC_HASH_BYTES);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_bytes(stmt, 1) == FC_HASH_BYTES)
			memcpy(hash, sqlite3_column_blob(stmt, 1), FC_HASH_BYTES);
	} else if (rc != SQLITE_DONE) {
		ret = store_fail(st, err, _("cannot read the newest record"));
	}
	store_done(stmt);
	return ret;
}

int
fc_store_append(struct fc_store *st, const struct fc_record *rec, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_APPEND];
	int ret = 0;

	sqlite3_bind_int64(stmt, 1, rec->seq);
	sqlite3_bind_text(stmt, 2, rec->id, -1, SQLITE_STATIC);
	/* Stored byte for byte as signed: verification never re-serialises. */
	sqlite3_bind_blob64(stmt, 3, rec->body, rec->body_len, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, rec->sig, FC_SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 5, rec->hash, FC_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 6, rec->prev, FC_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, rec->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, rec->inspector, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, rec->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, rec->household, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, rec->template_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 12, rec->template_version);
	sqlite3_bind_text(stmt, 13, rec->time, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, rec->outcome, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		if (sqlite3_errcode(st->db) == SQLITE_CONSTRAINT)
			ret = fc_error_set(
			    err, FC_E_EXISTS,
			    _("cannot save record %s: a record with its id or sequence number "
			      "is already stored"),
			    rec->id);
		else
			ret = store_fail(st, err, _("cannot save record %s"), rec->id);
	}
	store_done(stmt);
	return ret;
}

/*
 * The draft as signed: with the household's district from the registry as
 * the body's "district" (docs/record-format.md), so that a server whose
 * registry lacks the household can still tell whose district it is.
 * placed->extra is new (caller decrefs) when it is not draft's own.
 */
static int
store_placed(const struct fc_record_draft *draft, const char *district,
	     struct fc_record_draft *placed, struct fc_error *err)
{
	*placed = *draft;
	if (district[0] == '\0' ||
	    (draft->extra != NULL && json_object_get(draft->extra, "district") != NULL))
		return 0;
	placed->extra = draft->extra != NULL ? json_copy(draft->extra) : json_object();
	if (placed->extra == NULL ||
	    json_object_set_new(placed->extra, "district", json_string(district)) != 0) {
		json_decref(placed->extra);
		placed->extra = draft->extra;
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	return 0;
}

int
fc_store_add_record(struct fc_store *st, const struct fc_record_draft *draft,
		    const struct fc_signer *signer, const char *time_iso, struct fc_record *out,
		    struct fc_error *err)
{
	struct fc_record rec = {0};
	unsigned char prev[FC_HASH_BYTES];
	int64_t seq = 0;
	/* Inside the caller's transaction a savepoint; else our own durable one. */
	int nested = !sqlite3_get_autocommit(st->db);
	char district[FC_ID_MAX];
	struct fc_record_draft placed = *draft;

	if (store_exec(st, nested ? SQL_SAVEPOINT : SQL_BEGIN, err) != 0)
		return -1;
	if (fc_store_check_district(st, draft, district, err) != 0 ||
	    store_ledger_check(st, draft, err) != 0 ||
	    store_placed(draft, district, &placed, err) != 0)
		goto fail;
	if (fc_store_last(st, &seq, prev, err) != 0 ||
	    fc_record_seal(&placed, signer, seq + 1, seq > 0 ? prev : NULL, time_iso, &rec, err) !=
		0 ||
	    fc_store_append(st, &rec, err) != 0 ||
	    store_ledger_household(st, rec.household, err) != 0)
		goto fail;
	if (placed.extra != draft->extra)
		json_decref(placed.extra);
	placed.extra = draft->extra;
	if (nested ? store_exec(st, SQL_RELEASE, err) != 0 : fc_store_commit(st, err) != 0)
		goto fail;
	if (out != NULL)
		*out = rec;
	else
		fc_record_release(&rec);
	return 0;
fail:
	if (nested) {
		store_exec(st, SQL_ROLLBACK_TO, NULL);
		store_exec(st, SQL_RELEASE, NULL);
	} else {
		fc_store_rollback(st);
	}
	if (placed.extra != draft->extra)
		json_decref(placed.extra);
	fc_record_release(&rec);
	return -1;
}

/*
 * Fill rec from a row of RECORD_COLS; rec->body is malloc'd. Unless
 * stored_copies, the copied members come from the signed body, not from
 * the columns (which anyone who can write store.db can edit).
 */
static int
store_read_record(struct fc_store *st, sqlite3_stmt *stmt, struct fc_record *rec, int stored_copies,
		  struct fc_error *err)
{
	struct fc_error ignored = {0};

	const void *body = sqlite3_column_blob(stmt, 10);
	size_t body_len = (size_t)sqlite3_column_bytes(stmt, 10);

	memset(rec, 0, sizeof *rec);
	rec->seq = sqlite3_column_int64(stmt, 0);
	store_copy_text(stmt, 1, rec->id, sizeof rec->id);
	store_copy_text(stmt, 2, rec->device, sizeof rec->device);
	store_copy_text(stmt, 3, rec->inspector, sizeof rec->inspector);
	store_copy_text(stmt, 4, rec->type, sizeof rec->type);
	store_copy_text(stmt, 5, rec->household, sizeof rec->household);
	store_copy_text(stmt, 6, rec->template_id, sizeof rec->template_id);
	rec->template_version = sqlite3_column_int(stmt, 7);
	store_copy_text(stmt, 8, rec->time, sizeof rec->time);
	store_copy_text(stmt, 9, rec->outcome, sizeof rec->outcome);
	/* Short or missing blobs are left zero: the chain check reports them. */
	if (sqlite3_column_bytes(stmt, 11) == FC_SIG_BYTES)
		memcpy(rec->sig, sqlite3_column_blob(stmt, 11), FC_SIG_BYTES);
	if (sqlite3_column_bytes(stmt, 12) == FC_HASH_BYTES)
		memcpy(rec->hash, sqlite3_column_blob(stmt, 12), FC_HASH_BYTES);
	if (sqlite3_column_bytes(stmt, 13) == FC_HASH_BYTES)
		memcpy(rec->prev, sqlite3_column_blob(stmt, 13), FC_HASH_BYTES);
	rec->synced = sqlite3_column_int(stmt, 14);
	rec->body = malloc(body_len + 1);
	if (rec->body == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("record %s: out of memory"), rec->id);
	if (body_len > 0)
		memcpy(rec->body, body, body_len);
	rec->body[body_len] = '\0';
	rec->body_len = body_len;
	(void)st;
	/* A body that does not parse shows empty copies; `verify` says why. */
	if (!stored_copies)
		fc_record_copies_from_body(rec, &ignored);
	return 0;
}

/* prefix followed by a 0xFF byte: above every UTF-8 string starting with prefix. */
static int
store_prefix_end(const char *prefix, char *out, size_t size)
{
	size_t len = strlen(prefix);

	if (len + 2 > size)
		return -1;
	memcpy(out, prefix, len);
	out[len] = (char)0xFF;
	out[len + 1] = '\0';
	return 0;
}

int
fc_store_get_record(struct fc_store *st, const char *id, struct fc_record *out,
		    struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_RECORD_GET];
	char end[FC_RECORD_ID_MAX + 2];
	int ret = -1;
	int rc;

	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		ret = store_read_record(st, stmt, out, 0, err);
		store_done(stmt);
		return ret;
	}
	store_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, _("cannot read record %s"), id);
	if (id[0] == '\0' || store_prefix_end(id, end, sizeof end) != 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no record %s"), id);

	stmt = st->stmt[SQL_RECORD_PREFIX];
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, end, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND, _("no record %s"), id);
	} else if (rc != SQLITE_ROW) {
		ret = store_fail(st, err, _("cannot read record %s"), id);
	} else {
		char first[FC_RECORD_ID_MAX];

		store_copy_text(stmt, 1, first, sizeof first);
		ret = store_read_record(st, stmt, out, 0, err);
		if (ret == 0 && sqlite3_step(stmt) == SQLITE_ROW) {
			char second[FC_RECORD_ID_MAX];

			store_copy_text(stmt, 1, second, sizeof second);
			fc_record_release(out);
			/* Not FC_E_NOTFOUND: callers word that as "no such record" over this. */
			ret = fc_error_set(
			    err, FC_E_INVALID,
			    _("record %s is ambiguous: it starts %s and %s; give more of the id"),
			    id, first, second);
		}
	}
	store_done(stmt);
	return ret;
}

int
fc_store_each_record(struct fc_store *st, const struct fc_record_filter *filter, fc_record_fn fn,
		     void *ctx, struct fc_error *err)
{
	static const struct fc_record_filter all = {0};
	const struct fc_record_filter *f = filter != NULL ? filter : &all;
	sqlite3_stmt *stmt;
	struct fc_record rec = {0};
	int ret = 0, rc;

	if (f->household != NULL)
		stmt = st->stmt[f->newest_first ? SQL_EACH_HH_DESC : SQL_EACH_HH_ASC];
	else if (f->unsynced_only && !f->newest_first)
		stmt = st->stmt[SQL_EACH_UNSYNCED];
	else
		stmt = st->stmt[f->newest_first ? SQL_EACH_DESC : SQL_EACH_ASC];
	/*
	 * "All" is every row, a seq below 1 included: only an edit of store.db
	 * puts one there, and verify, list and export must see it, not pass it by.
	 */
	sqlite3_bind_int64(stmt, 1, f->from_seq != 0 ? f->from_seq : INT64_MIN);
	/* SQL_EACH_UNSYNCED does not use ?2; binding an unused number is harmless. */
	sqlite3_bind_int(stmt, 2, f->unsynced_only != 0);
	if (f->household != NULL)
		sqlite3_bind_text(stmt, 4, f->household, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, f->limit > 0 ? (sqlite3_int64)f->limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (store_read_record(st, stmt, &rec, f->stored_copies, err) != 0) {
			ret = -1;
			break;
		}
		int stop = fn(&rec, ctx, err);

		fc_record_release(&rec);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read the records"));
	store_done(stmt);
	return ret;
}

int
fc_store_count_records(struct fc_store *st, int64_t *total, int64_t *unsynced, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_COUNT_RECORDS];
	int ret = 0;

	if (sqlite3_step(stmt) == SQLITE_ROW) {
		if (total != NULL)
			*total = sqlite3_column_int64(stmt, 0);
		if (unsynced != NULL)
			*unsynced = sqlite3_column_int64(stmt, 1);
	} else {
		ret = store_fail(st, err, _("cannot count the records"));
	}
	store_done(stmt);
	return ret;
}

int
fc_store_newest_unsynced(struct fc_store *st, int64_t *seq, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_NEWEST_UNSYNCED];
	int ret = 0;

	if (sqlite3_step(stmt) == SQLITE_ROW)
		*seq = sqlite3_column_int64(stmt, 0);
	else
		ret = store_fail(st, err, _("cannot read the records waiting to be synced"));
	store_done(stmt);
	return ret;
}

int
fc_store_mark_synced(struct fc_store *st, int64_t upto, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_MARK_SYNCED];
	int ret = 0;

	sqlite3_bind_int64(stmt, 1, upto);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot mark records up to %lld as synced"),
				 (long long)upto);
	store_done(stmt);
	return ret;
}
