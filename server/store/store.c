/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/store.c: the server store's one entry point and its rules, above the
 * backends of store/backend.h (SQLite, or PostgreSQL when the path is a
 * postgresql:// URI). A rule lives here once: an enrolment code is spent
 * once and not after it expires; a device id keeps the key and inspector it
 * enrolled with; the ledger's rows are what core/ledger.c computes
 * (store/ledger.c). The backends store and select; every other verb passes
 * straight through to the handle's table.
 */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/store/backend.h"
#include "server/store/review.h"

#define _(s) gettext(s)

int
fc_sstore_is_pg(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
}

int
fc_sstore_open(const char *path, struct fc_sstore **out, struct fc_error *err)
{
	struct fc_sstore *st = calloc(1, sizeof *st);

	if (st == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory opening %s"), path);
	st->ops = fc_sstore_is_pg(path) ? &fc_sstore_pg : &fc_sstore_sqlite;
	st->commits = fc_sstore_group_of(path);
	if (st->ops->open(st, path, err) != 0) {
		fc_sstore_close(st);
		return -1;
	}
	/*
	 * Rows still to compute after the ledger's migration. A stored body that
	 * no longer parses (a tampered store) must not keep the store from
	 * opening, since verify has to open it to name that record; the
	 * households stay pending and are tried again at the next open.
	 */
	(void)fc_sstore_ledger_pending(st, &(struct fc_error){0});
	/* The same for the summary's counters after their migration (0007). */
	(void)fc_sstore_agg_pending(st, &(struct fc_error){0});
	*out = st;
	return 0;
}

void
fc_sstore_close(struct fc_sstore *st)
{
	if (st == NULL)
		return;
	st->ops->close(st);
	fc_sstore_ledger_release(st);
	fc_sstore_templates_release(st);
	fc_agg_release(&st->agg);
	free(st);
}

int
fc_sstore_begin(struct fc_sstore *st, struct fc_error *err)
{
	return st->ops->begin(st, err);
}

int
fc_sstore_commit(struct fc_sstore *st, struct fc_error *err)
{
	/* The counters' changes go in last, in key order (store/aggregate.c). */
	if (fc_sstore_agg_flush(st, err) != 0)
		return -1;
	return st->ops->commit(st, err);
}

void
fc_sstore_rollback(struct fc_sstore *st)
{
	fc_sstore_agg_forget(st);
	st->ops->rollback(st);
}

/* Inspectors and enrolment */

int
fc_sstore_put_inspector(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
			struct fc_error *err)
{
	return st->ops->put_inspector(st, in, now, err);
}

int
fc_sstore_get_inspector(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
			struct fc_error *err)
{
	return st->ops->get_inspector(st, id, out, err);
}

int
fc_sstore_revoke(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err)
{
	return st->ops->revoke(st, id, now, err);
}

int
fc_sstore_unrevoke(struct fc_sstore *st, const char *id, struct fc_error *err)
{
	return st->ops->revoke(st, id, 0, err);
}

int
fc_sstore_revoke_device(struct fc_sstore *st, const char *device, time_t now, struct fc_error *err)
{
	return st->ops->revoke_device(st, device, now, err);
}

int
fc_sstore_unrevoke_device(struct fc_sstore *st, const char *device, struct fc_error *err)
{
	return st->ops->revoke_device(st, device, 0, err);
}

int
fc_sstore_add_code(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
		   time_t now, time_t expires, struct fc_error *err)
{
	return st->ops->add_code(st, hash, inspector, now, expires, err);
}

#define CODE_USED "this enrolment code was already used; ask the administrator for a new one"

int
fc_sstore_use_code(struct fc_sstore *st, const unsigned char hash[32], time_t now,
		   char inspector_out[FC_ID_MAX], struct fc_error *err)
{
	int64_t expires = 0, used = 0;
	long changed = 0;
	int found = 0;

	if (st->ops->get_code(st, hash, inspector_out, &expires, &used, &found, err) != 0)
		return -1;
	if (!found)
		return fc_error_set(
		    err, FC_E_NOTFOUND,
		    "unknown enrolment code; check it or ask the administrator for a new one");
	if (used != 0)
		return fc_error_set(err, FC_E_EXISTS, CODE_USED);
	if (expires <= (int64_t)now)
		return fc_error_set(
		    err, FC_E_INVALID,
		    "this enrolment code has expired, was cancelled or was voided by a "
		    "revocation; ask the administrator for a new one");
	if (st->ops->spend_code(st, hash, now, &changed, err) != 0)
		return -1;
	/* Another device spent it between our read and our update. */
	if (changed != 1)
		return fc_error_set(err, FC_E_EXISTS, CODE_USED);
	return 0;
}

/* Devices */

int
fc_sstore_add_device(struct fc_sstore *st, const char *device, const char *inspector,
		     const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err)
{
	struct fc_sdevice have;
	struct fc_error e2 = {0};

	if (st->ops->get_device(st, device, &have, &e2) == 0) {
		if (strcmp(have.inspector, inspector) == 0 && memcmp(have.pk, pk, FC_PK_BYTES) == 0)
			return 0;
		return fc_error_set(
		    err, FC_E_EXISTS,
		    "device %s is already enrolled with another key or inspector; run "
		    "'fieldcheck init' in a new home to start a new device",
		    device);
	}
	if (e2.code != FC_E_NOTFOUND) {
		*err = e2;
		return -1;
	}
	return st->ops->insert_device(st, device, inspector, pk, now, err);
}

int
fc_sstore_get_device(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
		     struct fc_error *err)
{
	return st->ops->get_device(st, device, out, err);
}

int
fc_sstore_each_device(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err)
{
	return st->ops->each_device(st, fn, ctx, err);
}

int
fc_sstore_touch_device(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err)
{
	return st->ops->touch_device(st, rowid, now, err);
}

int
fc_sstore_get_caller(struct fc_sstore *st, const char *device, const char *inspector,
		     const char *nonce, struct fc_scaller *out, struct fc_error *err)
{
	memset(out, 0, sizeof *out);
	return st->ops->get_caller(st, device, inspector, nonce, out, err);
}

int
fc_sstore_use_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
		    long window, struct fc_error *err)
{
	return st->ops->use_nonce(st, device_rowid, nonce, now, window, err);
}

/* Records */

int
fc_sstore_held(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
	       unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	return st->ops->held(st, device_rowid, seq, hash, err);
}

int
fc_sstore_record_hash(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
		      unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	return st->ops->record_hash(st, device_rowid, seq, hash, err);
}

int
fc_sstore_insert_record(struct fc_sstore *st, int64_t device_rowid, const char *district,
			const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			struct fc_error *err)
{
	if (st->ops->insert_record(st, device_rowid, district, rec, ex, now, err) != 0 ||
	    fc_sstore_agg_record(st, rec->type, district, rec->inspector, ex->day, device_rowid,
				 now, err) != 0)
		return -1;
	/* A correction answers a return of the record it corrects (docs/review.md). */
	if (ex->corrects[0] != '\0')
		return fc_sstore_review_answered(st, ex->corrects, rec->id, err);
	return 0;
}

int
fc_sstore_add_fork(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
		   const unsigned char held_hash[FC_HASH_BYTES], time_t now, struct fc_error *err)
{
	return st->ops->add_fork(st, device_rowid, rec, held_hash, now, err);
}

static void
store_no_row(const struct fc_sstore_row *r, void *ctx)
{
	(void)r;
	(void)ctx;
}

int
fc_sstore_add_refusal(struct fc_sstore *st, int64_t device_rowid, const char *record_id,
		      int64_t seq, const char *reason, time_t now, struct fc_error *err)
{
	struct fc_sstore_param p[] = {
	    {NULL, device_rowid}, {record_id, 0}, {NULL, seq}, {reason, 0}, {NULL, (int64_t)now}};

	return st->ops->rows(st, SQL_ADD_REFUSAL, p, 5, store_no_row, NULL, err);
}

int
fc_sstore_each_record(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
		      struct fc_error *err)
{
	return st->ops->each_record(st, device_rowid, fn, ctx, err);
}

int
fc_sstore_counts(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err)
{
	return st->ops->counts(st, out, err);
}

/* Households, templates, photos */

int64_t
fc_sstore_rev_floor(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
fc_sstore_put_households(struct fc_sstore *st, const struct fc_household *rows, size_t count,
			 struct fc_error *err)
{
	/* Each household named is recomputed below: hold them all at once. */
	if (st->ops->ledger_lock(st, NULL, err) != 0 ||
	    st->ops->put_households(st, rows, count, err) != 0)
		return -1;
	const char **ids = malloc((count > 0 ? count : 1) * sizeof *ids);
	int ret;

	if (ids == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory importing households"));
	/* A new kind or district changes due dates and where the household counts. */
	for (size_t i = 0; i < count; i++)
		ids[i] = rows[i].id;
	ret = fc_sstore_ledger_update_all(st, ids, count, NULL, 0, err);
	free(ids);
	return ret;
}

int
fc_sstore_households_since(struct fc_sstore *st, const char *district, int64_t since, size_t limit,
			   fc_household_fn fn, void *ctx, int64_t *last, struct fc_error *err)
{
	char *in;
	int ret;

	/*
	 * One district is read in its index's order, only limit rows; a list of
	 * them is sorted by the database, every row after since (a snapshot
	 * of several districts therefore comes whole, server/pull.c).
	 */
	if (strchr(district, ',') == NULL)
		return st->ops->households_since(st, SQL_HOUSEHOLDS_SINCE_ONE, district, since,
						 limit, fn, ctx, last, err);
	if ((in = fc_sstore_districts_json(district)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory reading households");
	ret = st->ops->households_since(st, SQL_HOUSEHOLDS_SINCE, in, since, limit, fn, ctx, last,
					err);
	free(in);
	return ret;
}

int
fc_sstore_add_template(struct fc_sstore *st, const char *id, int version, const char *json,
		       time_t now, struct fc_error *err)
{
	return st->ops->add_template(st, id, version, json, now, err);
}

int
fc_sstore_templates_since(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			  struct fc_error *err)
{
	return st->ops->templates_since(st, since, fn, ctx, err);
}

int
fc_sstore_get_photo(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
		    struct fc_sphoto *out, struct fc_error *err)
{
	return st->ops->get_photo(st, hash, size, device_rowid, out, err);
}

int
fc_sstore_photo_done(struct fc_sstore *st, const char *hash, int64_t size, struct fc_error *err)
{
	return st->ops->photo_done(st, hash, size, err);
}

int
fc_sstore_backup(struct fc_sstore *st, const char *path, struct fc_error *err)
{
	return st->ops->backup(st, path, err);
}

int
fc_sstore_schema(struct fc_sstore *st, int *have, int *known, struct fc_error *err)
{
	return st->ops->schema(st, have, known, err);
}
