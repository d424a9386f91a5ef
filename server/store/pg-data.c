/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg-data.c: the PostgreSQL backend's verbs on inspectors,
 * enrolment codes, devices, nonces, records, the registry, templates and
 * photos: the twins of store/sqlite-devices.c's and store/sqlite-records.c's
 * SQLite verbs.
 *
 * Each binds its values as parameters (struct fc_pgargs) and runs one row of
 * the statement table in store/pg.c, where every statement's SQL and
 * the connection handling live. Decisions that must hold across server
 * processes rest on the database: the device row lock a push takes in
 * fc_pgstore_held, and the count of rows an ON CONFLICT DO NOTHING insert or
 * a guarded UPDATE changed (nonces, codes, templates).
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/pg.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Inspectors and enrolment */

int
fc_pgstore_put_inspector(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
			 struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};

	fc_pgargs_text(&a, in->id);
	fc_pgargs_text(&a, in->name);
	fc_pgargs_text(&a, in->district);
	fc_pgargs_text(&a, in->role);
	fc_pgargs_int(&a, (int64_t)now);
	return fc_pgstore_exec(pg, SQL_PUT_INSPECTOR, &a, NULL, err,
			       N_("cannot save the inspector"));
}

int
fc_pgstore_get_inspector(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
			 struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_text(&a, id);
	if ((res = fc_pgstore_run(pg, SQL_GET_INSPECTOR, &a, err, N_("cannot read inspectors"))) ==
	    NULL)
		return -1;
	if (pg->pq->ntuples(res) == 1) {
		memset(out, 0, sizeof *out);
		snprintf(out->id, sizeof out->id, "%s", id);
		fc_pgstore_copy(out->name, sizeof out->name, res, 0, 0);
		fc_pgstore_copy(out->district, sizeof out->district, res, 0, 1);
		fc_pgstore_copy(out->role, sizeof out->role, res, 0, 2);
		out->revoked_at = fc_pgstore_int(res, 0, 3);
	} else {
		ret = fc_error_set(err, FC_E_NOTFOUND, _("no inspector %s"), id);
	}
	pg->pq->clear(res);
	return ret;
}

int
fc_pgstore_revoke(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	long changed = 0;

	fc_pgargs_text(&a, id);
	fc_pgargs_int(&a, (int64_t)now);
	if (fc_pgstore_exec(pg, SQL_REVOKE, &a, &changed, err, N_("cannot revoke")) != 0)
		return -1;
	if (changed == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no inspector %s"), id);
	if (now == 0)
		return 0;
	/* A code issued before the revocation must not enrol a device after it. */
	return fc_pgstore_exec(pg, SQL_VOID_CODES, &a, NULL, err,
			       N_("cannot void the inspector's enrolment codes"));
}

int
fc_pgstore_revoke_device(struct fc_sstore *st, const char *device, time_t now, struct fc_error *err)
{
	struct fc_pgargs a = {0};
	long changed = 0;

	fc_pgargs_text(&a, device);
	fc_pgargs_int(&a, (int64_t)now);
	if (fc_pgstore_exec(st->pg, SQL_REVOKE_DEVICE, &a, &changed, err,
			    N_("cannot revoke the device")) != 0)
		return -1;
	if (changed == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no device %s was ever enrolled"),
				    device);
	return 0;
}

int
fc_pgstore_add_code(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
		    time_t now, time_t expires, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};

	fc_pgargs_bytes(&a, hash, 32);
	fc_pgargs_text(&a, inspector);
	fc_pgargs_int(&a, (int64_t)now);
	fc_pgargs_int(&a, (int64_t)expires);
	return fc_pgstore_exec(pg, SQL_ADD_CODE, &a, NULL, err,
			       N_("cannot save the enrolment code"));
}

int
fc_pgstore_get_code(struct fc_sstore *st, const unsigned char hash[32],
		    char inspector_out[FC_ID_MAX], int64_t *expires, int64_t *used, int *found,
		    struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;

	fc_pgargs_bytes(&a, hash, 32);
	if ((res = fc_pgstore_run(pg, SQL_GET_CODE, &a, err, N_("cannot read enrolment codes"))) ==
	    NULL)
		return -1;
	*found = pg->pq->ntuples(res) == 1;
	if (*found) {
		fc_pgstore_copy(inspector_out, FC_ID_MAX, res, 0, 0);
		*expires = fc_pgstore_int(res, 0, 1);
		*used = fc_pgstore_int(res, 0, 2);
	}
	pg->pq->clear(res);
	return 0;
}

int
fc_pgstore_spend_code(struct fc_sstore *st, const unsigned char hash[32], time_t now, long *changed,
		      struct fc_error *err)
{
	struct fc_pgargs b = {0};

	fc_pgargs_bytes(&b, hash, 32);
	fc_pgargs_int(&b, (int64_t)now);
	return fc_pgstore_exec(st->pg, SQL_USE_CODE, &b, changed, err,
			       N_("cannot spend the enrolment code"));
}

/* Devices */

static void
pg_read_device(const PGresult *res, int row, struct fc_sdevice *out)
{
	memset(out, 0, sizeof *out);
	out->rowid = fc_pgstore_int(res, row, 0);
	fc_pgstore_copy(out->device, sizeof out->device, res, row, 1);
	fc_pgstore_copy(out->inspector, sizeof out->inspector, res, row, 2);
	fc_pgstore_blob(res, row, 3, out->pk, sizeof out->pk);
	out->held_seq = fc_pgstore_int(res, row, 4);
	fc_pgstore_blob(res, row, 5, out->held_hash, sizeof out->held_hash);
	out->last_sync = fc_pgstore_int(res, row, 6);
	out->revoked_at = fc_pgstore_int(res, row, 7);
}

int
fc_pgstore_insert_device(struct fc_sstore *st, const char *device, const char *inspector,
			 const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err)
{
	struct fc_pgargs a = {0};

	fc_pgargs_text(&a, device);
	fc_pgargs_text(&a, inspector);
	fc_pgargs_bytes(&a, pk, FC_PK_BYTES);
	fc_pgargs_int(&a, (int64_t)now);
	return fc_pgstore_exec(st->pg, SQL_ADD_DEVICE, &a, NULL, err, N_("cannot save the device"));
}

int
fc_pgstore_get_device(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
		      struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_text(&a, device);
	if ((res = fc_pgstore_run(pg, SQL_GET_DEVICE, &a, err, N_("cannot read devices"))) == NULL)
		return -1;
	if (pg->pq->ntuples(res) == 1)
		pg_read_device(res, 0, out);
	else
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "device %s is not enrolled; run 'fieldcheck enroll URL CODE'",
				   device);
	pg->pq->clear(res);
	return ret;
}

int
fc_pgstore_get_caller(struct fc_sstore *st, const char *device, const char *inspector,
		      const char *nonce, struct fc_scaller *out, struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_text(&a, device);
	fc_pgargs_text(&a, inspector);
	fc_pgargs_text(&a, nonce);
	if ((res = fc_pgstore_run(st->pg, SQL_GET_CALLER, &a, err, N_("cannot read devices"))) ==
	    NULL)
		return -1;
	if (pq->ntuples(res) == 1) {
		pg_read_device(res, 0, &out->dev);
		out->insp_found = fc_pgstore_int(res, 0, 12) != 0;
		out->nonce_seen = fc_pgstore_int(res, 0, 13) != 0;
		if (out->insp_found) {
			snprintf(out->insp.id, sizeof out->insp.id, "%s", inspector);
			fc_pgstore_copy(out->insp.name, sizeof out->insp.name, res, 0, 8);
			fc_pgstore_copy(out->insp.district, sizeof out->insp.district, res, 0, 9);
			fc_pgstore_copy(out->insp.role, sizeof out->insp.role, res, 0, 10);
			out->insp.revoked_at = fc_pgstore_int(res, 0, 11);
		}
	} else {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "device %s is not enrolled; run 'fieldcheck enroll URL CODE'",
				   device);
	}
	pq->clear(res);
	return ret;
}

int
fc_pgstore_each_device(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	struct fc_sdevice dev;
	PGresult *res;
	int ret = 0;

	if ((res = fc_pgstore_run(pg, SQL_EACH_DEVICE, &a, err, N_("cannot read devices"))) == NULL)
		return -1;
	for (int i = 0; i < pg->pq->ntuples(res) && ret == 0; i++) {
		pg_read_device(res, i, &dev);
		ret = fn(&dev, ctx, err);
	}
	pg->pq->clear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_touch_device(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};

	fc_pgargs_int(&a, rowid);
	fc_pgargs_int(&a, (int64_t)now);
	return fc_pgstore_defer(pg, SQL_TOUCH_DEVICE, &a, err, N_("cannot note the sync"));
}

int
fc_pgstore_use_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
		     long window, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0}, b = {0};
	long added = 0;

	/* Twice the window: a request is accepted up to window either side of now. */
	fc_pgargs_int(&a, (int64_t)now - 2 * window);
	if (fc_pgstore_exec(pg, SQL_PRUNE_NONCES, &a, NULL, err, N_("cannot forget old nonces")) !=
	    0)
		return -1;
	fc_pgargs_int(&b, device_rowid);
	fc_pgargs_text(&b, nonce);
	fc_pgargs_int(&b, (int64_t)now);
	if (fc_pgstore_exec(pg, SQL_ADD_NONCE, &b, &added, err, N_("cannot remember the nonce")) !=
	    0)
		return -1;
	if (added == 0)
		return fc_error_set(err, FC_E_EXISTS,
				    "request replayed: this nonce was already used");
	return 0;
}

/* Records */

int
fc_pgstore_held(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
		unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_int(&a, device_rowid);
	if ((res = fc_pgstore_run(pg, SQL_HELD, &a, err, N_("cannot read the device's records"))) ==
	    NULL)
		return -1;
	if (pg->pq->ntuples(res) == 1 && pg->held.pending &&
	    pg->held.device_rowid == device_rowid) {
		*seq = pg->held.seq;
		memcpy(hash, pg->held.hash, FC_HASH_BYTES);
	} else if (pg->pq->ntuples(res) == 1) {
		*seq = fc_pgstore_int(res, 0, 0);
		fc_pgstore_blob(res, 0, 1, hash, FC_HASH_BYTES);
	} else {
		ret =
		    fc_error_set(err, FC_E_NOTFOUND, "cannot read the device's records: no device");
	}
	pg->pq->clear(res);
	return ret;
}

int
fc_pgstore_record_hash(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
		       unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_int(&a, device_rowid);
	fc_pgargs_int(&a, seq);
	if ((res = fc_pgstore_run(pg, SQL_RECORD_HASH, &a, err, N_("cannot read records"))) == NULL)
		return -1;
	if (pg->pq->ntuples(res) == 1)
		fc_pgstore_blob(res, 0, 0, hash, FC_HASH_BYTES);
	else
		ret = fc_error_set(err, FC_E_NOTFOUND, "no record %lld", (long long)seq);
	pg->pq->clear(res);
	return ret;
}

static int
pg_insert_photos(struct fc_pgstore *pg, int64_t device_rowid, const struct fc_sextract *ex,
		 time_t now, struct fc_error *err)
{
	size_t i;
	json_t *p;

	json_array_foreach(ex->photos, i, p) {
		struct fc_pgargs a = {0};

		fc_pgargs_text(&a, json_string_value(json_object_get(p, "hash")));
		fc_pgargs_int(&a, json_integer_value(json_object_get(p, "size")));
		fc_pgargs_int(&a, device_rowid);
		fc_pgargs_int(&a, (int64_t)now);
		if (fc_pgstore_defer(pg, SQL_INSERT_PHOTO, &a, err, N_("cannot note a photo")) != 0)
			return -1;
	}
	return 0;
}

int
fc_pgstore_insert_record(struct fc_sstore *st, int64_t device_rowid, const char *district,
			 const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			 struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	char what[96];

	snprintf(what, sizeof what, "cannot store record %s", rec->id);
	fc_pgargs_int(&a, device_rowid);
	fc_pgargs_int(&a, rec->seq);
	fc_pgargs_bytes(&a, rec->hash, FC_HASH_BYTES);
	fc_pgargs_text(&a, rec->id);
	fc_pgargs_text(&a, rec->inspector);
	fc_pgargs_text(&a, district);
	fc_pgargs_text(&a, rec->type);
	fc_pgargs_text(&a, rec->household);
	fc_pgargs_text(&a, rec->template_id);
	fc_pgargs_text(&a, ex->day);
	fc_pgargs_text(&a, rec->outcome);
	fc_pgargs_text(&a, ex->follows);
	fc_pgargs_text(&a, ex->grade);
	/* Stored byte for byte as signed: verification never re-serialises. */
	fc_pgargs_bytes(&a, rec->body, rec->body_len);
	fc_pgargs_bytes(&a, rec->sig, FC_SIG_BYTES);
	fc_pgargs_int(&a, (int64_t)now);
	fc_pgargs_text(&a, ex->entry != NULL ? ex->entry : "");
	if (fc_pgstore_defer(pg, SQL_INSERT_RECORD, &a, err, what) != 0)
		return -1;
	if (ex->photos != NULL && pg_insert_photos(pg, device_rowid, ex, now, err) != 0)
		return -1;
	/* The mark moves at commit (fc_pgstore_flush_held), once per batch. */
	if (pg->held.pending && pg->held.device_rowid != device_rowid &&
	    fc_pgstore_flush_held(pg, err) != 0)
		return -1;
	pg->held.pending = 1;
	pg->held.device_rowid = device_rowid;
	pg->held.seq = rec->seq;
	pg->held.now = (int64_t)now;
	memcpy(pg->held.hash, rec->hash, FC_HASH_BYTES);
	return 0;
}

int
fc_pgstore_flush_held(struct fc_pgstore *pg, struct fc_error *err)
{
	struct fc_pgargs h = {0};

	if (!pg->held.pending)
		return 0;
	pg->held.pending = 0;
	fc_pgargs_int(&h, pg->held.device_rowid);
	fc_pgargs_int(&h, pg->held.seq);
	fc_pgargs_bytes(&h, pg->held.hash, FC_HASH_BYTES);
	fc_pgargs_int(&h, pg->held.now);
	return fc_pgstore_defer(pg, SQL_SET_HELD, &h, err, N_("cannot move the high-water mark"));
}

int
fc_pgstore_add_fork(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
		    const unsigned char held_hash[FC_HASH_BYTES], time_t now, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};

	fc_pgargs_int(&a, device_rowid);
	fc_pgargs_int(&a, rec->seq);
	fc_pgargs_bytes(&a, rec->hash, FC_HASH_BYTES);
	fc_pgargs_bytes(&a, held_hash, FC_HASH_BYTES);
	fc_pgargs_bytes(&a, rec->body, rec->body_len);
	fc_pgargs_bytes(&a, rec->sig, FC_SIG_BYTES);
	fc_pgargs_int(&a, (int64_t)now);
	return fc_pgstore_exec(pg, SQL_ADD_FORK, &a, NULL, err, N_("cannot keep the fork"));
}

int
fc_pgstore_each_record(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
		       struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	unsigned char sig[FC_SIG_BYTES], hash[FC_HASH_BYTES];
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_int(&a, device_rowid);
	if ((res = fc_pgstore_run(pg, SQL_EACH_RECORD, &a, err, N_("cannot read records"))) == NULL)
		return -1;
	for (int i = 0; i < pg->pq->ntuples(res) && ret == 0; i++) {
		/* A binary result: the body's bytes as stored, NUL-terminated by libpq. */
		const char *body = pg->pq->getvalue(res, i, 1);
		size_t len = (size_t)pg->pq->getlength(res, i, 1);

		fc_pgstore_blob(res, i, 2, sig, sizeof sig);
		fc_pgstore_blob(res, i, 3, hash, sizeof hash);
		ret = fn(fc_pgstore_int(res, i, 0), body, len, sig, hash, ctx, err);
	}
	pg->pq->clear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_counts(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;

	if ((res = fc_pgstore_run(pg, SQL_COUNTS, &a, err, N_("cannot count"))) == NULL)
		return -1;
	out->inspectors = fc_pgstore_int(res, 0, 0);
	out->devices = fc_pgstore_int(res, 0, 1);
	out->records = fc_pgstore_int(res, 0, 2);
	out->forks = fc_pgstore_int(res, 0, 3);
	out->households = fc_pgstore_int(res, 0, 4);
	out->templates = fc_pgstore_int(res, 0, 5);
	out->photos = fc_pgstore_int(res, 0, 6);
	pg->pq->clear(res);
	return 0;
}

/* Households and templates */

int
fc_pgstore_put_households(struct fc_sstore *st, const struct fc_household *rows, size_t count,
			  struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs none = {0}, floor = {0};

	fc_pgargs_int(&floor, fc_sstore_rev_floor());
	if (fc_pgstore_exec(pg, SQL_LOCK_REGISTRY, &none, NULL, err,
			    N_("cannot lock the registry")) != 0 ||
	    fc_pgstore_exec(pg, SQL_REV_FLOOR_HOUSEHOLDS, &floor, NULL, err,
			    N_("cannot lock the registry")) != 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const struct fc_household *h = &rows[i];
		struct fc_pgargs a = {0};

		fc_pgargs_text(&a, h->id);
		fc_pgargs_text(&a, h->district);
		fc_pgargs_text(&a, h->address);
		fc_pgargs_text(&a, h->resident);
		fc_pgargs_text(&a, h->phone);
		fc_pgargs_text(&a, h->kind);
		fc_pgargs_text(&a, h->last_check);
		if (fc_pgstore_exec(pg, SQL_PUT_HOUSEHOLD, &a, NULL, err,
				    N_("cannot save a household")) != 0)
			return fc_error_prefix(err, "household %s", h->id);
	}
	return 0;
}

int
fc_pgstore_households_since(struct fc_sstore *st, enum sql_id id, const char *district,
			    int64_t since, size_t limit, fc_household_fn fn, void *ctx,
			    int64_t *last, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	struct fc_household h;
	PGresult *res;
	int ret = 0;

	fc_pgargs_text(&a, district);
	fc_pgargs_int(&a, since);
	fc_pgargs_int(&a, (int64_t)limit);
	if ((res = fc_pgstore_run(pg, id, &a, err, N_("cannot read households"))) == NULL)
		return -1;
	for (int i = 0; i < pg->pq->ntuples(res) && ret == 0; i++) {
		fc_pgstore_copy(h.id, sizeof h.id, res, i, 0);
		fc_pgstore_copy(h.district, sizeof h.district, res, i, 1);
		fc_pgstore_copy(h.address, sizeof h.address, res, i, 2);
		fc_pgstore_copy(h.resident, sizeof h.resident, res, i, 3);
		fc_pgstore_copy(h.phone, sizeof h.phone, res, i, 4);
		fc_pgstore_copy(h.kind, sizeof h.kind, res, i, 5);
		fc_pgstore_copy(h.last_check, sizeof h.last_check, res, i, 6);
		*last = fc_pgstore_int(res, i, 7);
		ret = fn(&h, ctx, err);
	}
	pg->pq->clear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_add_template(struct fc_sstore *st, const char *id, int version, const char *json,
			time_t now, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0}, none = {0}, floor = {0};
	long added = 0;

	fc_pgargs_text(&a, id);
	fc_pgargs_int(&a, version);
	fc_pgargs_text(&a, json);
	fc_pgargs_int(&a, (int64_t)now);
	fc_pgargs_int(&floor, fc_sstore_rev_floor());
	if (fc_pgstore_exec(pg, SQL_LOCK_TEMPLATES, &none, NULL, err,
			    N_("cannot lock the templates")) != 0 ||
	    fc_pgstore_exec(pg, SQL_REV_FLOOR_TEMPLATES, &floor, NULL, err,
			    N_("cannot lock the templates")) != 0 ||
	    fc_pgstore_exec(pg, SQL_ADD_TEMPLATE, &a, &added, err,
			    N_("cannot save the template")) != 0)
		return -1;
	if (added == 0)
		return fc_error_set(
		    err, FC_E_EXISTS,
		    _("template %s version %d is already on the server; raise its version"), id,
		    version);
	return 0;
}

int
fc_pgstore_templates_since(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			   struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_int(&a, since);
	if ((res = fc_pgstore_run(pg, SQL_TEMPLATES_SINCE, &a, err, N_("cannot read templates"))) ==
	    NULL)
		return -1;
	for (int i = 0; i < pg->pq->ntuples(res) && ret == 0; i++)
		ret = fn(fc_pgstore_int(res, i, 0), pg->pq->getvalue(res, i, 1), ctx, err);
	pg->pq->clear(res);
	return ret < 0 ? -1 : 0;
}

/* Photos */

int
fc_pgstore_get_photo(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
		     struct fc_sphoto *out, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_text(&a, hash);
	fc_pgargs_int(&a, size);
	fc_pgargs_int(&a, device_rowid);
	if ((res = fc_pgstore_run(pg, SQL_GET_PHOTO, &a, err, N_("cannot read photos"))) == NULL)
		return -1;
	if (pg->pq->ntuples(res) == 1) {
		snprintf(out->hash, sizeof out->hash, "%s", hash);
		out->size = fc_pgstore_int(res, 0, 0);
		out->complete = (int)fc_pgstore_int(res, 0, 1);
		out->named = (int)fc_pgstore_int(res, 0, 2);
	} else {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "photo %.12s is not named by any record the server holds", hash);
	}
	pg->pq->clear(res);
	return ret;
}

int
fc_pgstore_photo_done(struct fc_sstore *st, const char *hash, int64_t size, struct fc_error *err)
{
	struct fc_pgstore *pg = st->pg;
	struct fc_pgargs a = {0};

	fc_pgargs_text(&a, hash);
	fc_pgargs_int(&a, size);
	return fc_pgstore_exec(pg, SQL_PHOTO_DONE, &a, NULL, err,
			       N_("cannot mark the photo complete"));
}

/* What authorization reads (store/authz.c decides) */

int
fc_pgstore_household_district(struct fc_sstore *st, const char *id, char district[FC_ID_MAX],
			      int *found, struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;

	fc_pgargs_text(&a, id);
	if ((res = fc_pgstore_run(st->pg, SQL_HOUSEHOLD_DISTRICT, &a, err,
				  N_("cannot read households"))) == NULL)
		return -1;
	*found = pq->ntuples(res) == 1;
	if (*found)
		fc_pgstore_copy(district, FC_ID_MAX, res, 0, 0);
	pq->clear(res);
	return 0;
}

int
fc_pgstore_record_owner(struct fc_sstore *st, const char *record_id, struct fc_sowner *out,
			int *found, struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;

	fc_pgargs_text(&a, record_id);
	if ((res = fc_pgstore_run(st->pg, SQL_RECORD_OWNER, &a, err, N_("cannot read records"))) ==
	    NULL)
		return -1;
	*found = pq->ntuples(res) == 1;
	if (*found) {
		fc_pgstore_copy(out->inspector, sizeof out->inspector, res, 0, 0);
		fc_pgstore_copy(out->household, sizeof out->household, res, 0, 1);
		fc_pgstore_copy(out->district, sizeof out->district, res, 0, 2);
	}
	pq->clear(res);
	return 0;
}
