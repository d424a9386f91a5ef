/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-review.c: supervisors' reviews on the device (store.h, "Reviews").
 *
 * Sync checks each review against the server's key before it reaches
 * fc_store_put_review(); the store keeps the exact signed bytes beside the
 * copies it lists by, so `fieldcheck show` and `fieldcheck verify` check
 * them again, the copies against the body (fc_review_check_kept()). Which
 * returns still wait for a correction is fc_review_awaits_answer()'s call,
 * made here from the newest review of each record and the ledger's versions.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "review.h"
#include "store-internal.h"

#define _(s) gettext(s)

int
fc_store_put_review(struct fc_store *st, const struct fc_review *rv, const char *body,
		    const char *sig, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_REVIEW_PUT];
	const char *text[] = {rv->record,   rv->record_hash, rv->state, rv->comment,
			      rv->reviewer, rv->time,	     body,	sig};
	int ret = 0;

	sqlite3_bind_int64(stmt, 1, rv->id);
	for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		sqlite3_bind_text(stmt, i + 2, text[i], -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot keep review %lld"), (long long)rv->id);
	store_done(stmt);
	return ret;
}

/* The row stmt is on, into r (body and sig point into the statement). */
static void
review_read(sqlite3_stmt *stmt, struct fc_store_review *r)
{
	memset(r, 0, sizeof *r);
	r->rv.id = sqlite3_column_int64(stmt, 0);
	store_copy_text(stmt, 1, r->rv.record, sizeof r->rv.record);
	store_copy_text(stmt, 2, r->rv.record_hash, sizeof r->rv.record_hash);
	store_copy_text(stmt, 3, r->rv.state, sizeof r->rv.state);
	store_copy_text(stmt, 4, r->rv.comment, sizeof r->rv.comment);
	store_copy_text(stmt, 5, r->rv.reviewer, sizeof r->rv.reviewer);
	store_copy_text(stmt, 6, r->rv.time, sizeof r->rv.time);
	r->body = (const char *)sqlite3_column_text(stmt, 7);
	r->sig = (const char *)sqlite3_column_text(stmt, 8);
}

/* 1 when the ledger holds a newer version of record than record itself. */
static int
review_corrected(struct fc_store *st, const char *record)
{
	struct fc_store_version v;
	struct fc_error ignored = {0};

	return fc_store_record_version(st, record, &v, &ignored) == 0 &&
	       strcmp(v.current, record) != 0;
}

/* Step stmt, calling fn for each row (only the waiting returns when open_only). */
static int
review_walk(struct fc_store *st, sqlite3_stmt *stmt, int open_only, fc_review_fn fn, void *ctx,
	    struct fc_error *err)
{
	struct fc_store_review r;
	int ret = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop;

		review_read(stmt, &r);
		if (open_only && !fc_review_awaits_answer(&r.rv, review_corrected(st, r.rv.record)))
			continue;
		stop = fn(&r, ctx, err);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read the reviews"));
	store_done(stmt);
	return ret;
}

int
fc_store_each_review(struct fc_store *st, const char *record, fc_review_fn fn, void *ctx,
		     struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[record != NULL ? SQL_REVIEWS_OF : SQL_REVIEWS_ALL];

	if (record != NULL)
		sqlite3_bind_text(stmt, 1, record, -1, SQLITE_STATIC);
	return review_walk(st, stmt, 0, fn, ctx, err);
}

int
fc_store_each_open_return(struct fc_store *st, fc_review_fn fn, void *ctx, struct fc_error *err)
{
	return review_walk(st, st->stmt[SQL_REVIEWS_NEWEST], 1, fn, ctx, err);
}

static int
review_newest(const struct fc_store_review *r, void *ctx, struct fc_error *err)
{
	(void)err;
	*(struct fc_review *)ctx = r->rv;
	return 0;
}

int
fc_store_review_awaits(struct fc_store *st, const char *record, int *awaits, struct fc_error *err)
{
	struct fc_review newest = {0};

	*awaits = 0;
	if (fc_store_each_review(st, record, review_newest, &newest, err) != 0)
		return -1;
	if (newest.id != 0)
		*awaits = fc_review_awaits_answer(&newest, review_corrected(st, record));
	return 0;
}

struct review_verify {
	const unsigned char *pk;
	struct fc_review_verify_report *rep;
};

static int
review_verify_one(const struct fc_store_review *r, void *ctx, struct fc_error *err)
{
	struct review_verify *v = ctx;
	struct fc_error why = {0};

	if (v->pk == NULL)
		fc_error_set(&why, FC_E_CHAIN,
			     _("there is no server key on this device to check it against"));
	else if (fc_review_check_kept(v->pk, &r->rv, r->body, r->sig, &why) == 0) {
		v->rep->checked++;
		return 0;
	}
	v->rep->bad_id = r->rv.id;
	snprintf(v->rep->record, sizeof v->rep->record, "%s", r->rv.record);
	snprintf(v->rep->reason, sizeof v->rep->reason, "%s", why.msg);
	fc_error_set(err, FC_E_CHAIN, _("review %lld of record %s: %s"), (long long)r->rv.id,
		     r->rv.record, why.msg);
	return -1;
}

int
fc_store_verify_reviews(struct fc_store *st, const unsigned char *pk,
			struct fc_review_verify_report *rep, struct fc_error *err)
{
	struct review_verify v = {pk, rep};

	memset(rep, 0, sizeof *rep);
	return fc_store_each_review(st, NULL, review_verify_one, &v, err);
}
