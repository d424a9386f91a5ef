/* SPDX-License-Identifier: Apache-2.0 */
/*
 * push.c: receiving a batch of records from a device, verifying every
 * one and storing those that extend the device's chain, exactly once.
 *
 * Two passes. First every record is parsed, once, into the record model
 * (core/record-model.h) and its signature checked against the device's
 * enrolled key, spread over every core (signature checks are most of the
 * cost, docs/limits.md); the model gives the record's columns, its photos and its
 * ledger entry, so no body is parsed twice. Then, in one transaction, the records are
 * walked in order against what the server already holds: a record it holds
 * with the same hash is skipped (a resent batch stores nothing twice), the
 * next one must have seq = held + 1 and prev = hash of the held one, and a
 * different, validly signed record at a held seq is a fork: kept as
 * evidence, never stored over the first. A record the inspector may not
 * write (store/authz.c), or whose answers do not fit the checklist version
 * it names when the server holds it (store/templates.c), is refused. The
 * first record that fails stops the walk; the ones before it are kept. Then
 * the ledger rows of every household the stored records name are recomputed
 * (store/ledger.c), in the same transaction, which concurrent pushes share
 * (store/group.c: one durable commit for all of them). The answer, sent once
 * that commit is durable, is the high-water mark, the only thing a device
 * may mark synced by.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/buf.h"
#include "core/chain.h"
#include "core/ledger.h"
#include "server/server.h"
#include "sync/wire.h"

#define PUSH_MAX_THREADS 16
#define PUSH_PER_THREAD_MIN 16 /* smaller batches are checked on one thread */

struct push_item {
	const struct fc_wire_item *w;
	struct fc_record rec;
	struct fc_record_model m; /* the body, parsed once */
	struct fc_ledger_entry entry;
	json_t *photos;	      /* owned array for ex.photos */
	struct fc_buf packed; /* the entry as kept with the record (core/ledger-pack.c) */
	struct fc_sextract ex;
	int ok;
	int stored; /* stored by this push: its household's ledger is recomputed */
	char reason[512];
};

struct push_range {
	struct push_item *items;
	size_t from, to;
	const unsigned char *pk;
	const char *lang; /* of the refusals */
};

/*
 * Every photo the record names, in its answers and in a follow-up's results
 * (the rectification's evidence), as the model finds them: the same walk the
 * device uploads by (sync/client-push.c) and the console lists by.
 */
static int
push_photo(const char *hash, int64_t size, void *ctx)
{
	unsigned char raw[FC_HASH_BYTES];

	if (size < 0 || strlen(hash) != 2 * FC_HASH_BYTES ||
	    fc_hex_decode(hash, raw, sizeof raw) != 0)
		return 0;
	json_array_append_new(ctx, json_pack("{s:s,s:I}", "hash", hash, "size", (json_int_t)size));
	return 0;
}

/*
 * The household's district the body names ("district", written by the
 * device from its registry); one that is not a district id is refused.
 */
static void
push_named_district(struct push_item *it, const char *lang)
{
	const char *d = fc_record_model_district(&it->m);

	if (d == NULL)
		return;
	if (!fc_id_district_ok(d)) {
		it->ok = 0;
		snprintf(
		    it->reason, sizeof it->reason,
		    fc_gettext(lang, "the record's district is not a district id: it must be %s"),
		    FC_IDS_DISTRICT_RULE);
		return;
	}
	snprintf(it->ex.district, sizeof it->ex.district, "%s", d);
}

static void
push_extract(struct push_item *it, const char *lang)
{
	memset(&it->ex, 0, sizeof it->ex);
	snprintf(it->ex.day, sizeof it->ex.day, "%s", it->m.date);
	snprintf(it->ex.follows, sizeof it->ex.follows, "%s", it->m.follows);
	snprintf(it->ex.corrects, sizeof it->ex.corrects, "%s", it->m.corrects);
	snprintf(it->ex.grade, sizeof it->ex.grade, "%.3s", it->m.grade);
	push_named_district(it, lang);
	it->photos = json_array();
	fc_record_model_each_photo(&it->m, push_photo, it->photos);
	it->ex.photos = it->photos;
	/* Kept with the record, so a later recompute of the household need not parse it. */
	fc_buf_init(&it->packed);
	if (fc_ledger_entry_pack(&it->entry, &it->packed, &(struct fc_error){0}) == 0) {
		it->ex.entry = it->packed.buf;
		it->ex.entry_len = it->packed.len;
	}
}

static void
push_check_one(struct push_item *it, const unsigned char *pk, const char *lang)
{
	struct fc_error err = {0};
	char *body = malloc(it->w->body_len + 1);
	char prog[16];

	if (body == NULL) {
		snprintf(it->reason, sizeof it->reason, "out of memory on the server");
		return;
	}
	memcpy(body, it->w->body, it->w->body_len);
	body[it->w->body_len] = '\0';
	/* One parse: the model's tree gives the record's members, columns and ledger entry. */
	if (fc_record_model_parse(body, it->w->body_len, &it->m, &err) != 0) {
		free(body);
		snprintf(it->reason, sizeof it->reason, "%s", err.msg);
		return;
	}
	/* fc_record_from_parsed owns body from here, even when it fails. */
	if (fc_record_from_parsed(body, it->w->body_len, it->w->sig,
				  (json_t *)fc_record_model_json(&it->m), &it->rec, &err) != 0 ||
	    fc_record_check(&it->rec, pk, &err) != 0) {
		snprintf(it->reason, sizeof it->reason, "%s", err.msg);
		return;
	}
	fc_ledger_programme(NULL, it->m.template_id, prog);
	if (fc_ledger_entry_from_model(&it->m, prog, &it->entry, &err) != 0) {
		snprintf(it->reason, sizeof it->reason, "%s", err.msg);
		return;
	}
	it->ok = 1;
	push_extract(it, lang);
}

static void *
push_worker(void *arg)
{
	struct push_range *rg = arg;

	for (size_t i = rg->from; i < rg->to; i++)
		push_check_one(&rg->items[i], rg->pk, rg->lang);
	return NULL;
}

/* Check every item's signature, on as many threads as the machine has cores. */
static void
push_check_all(struct push_item *items, size_t n, const unsigned char *pk, const char *lang)
{
	struct push_range rg[PUSH_MAX_THREADS] = {0};
	pthread_t tid[PUSH_MAX_THREADS];
	int started[PUSH_MAX_THREADS] = {0};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k = cores > 0 ? (size_t)cores : 1;

	if (k > PUSH_MAX_THREADS)
		k = PUSH_MAX_THREADS;
	if (k > n / PUSH_PER_THREAD_MIN)
		k = n / PUSH_PER_THREAD_MIN;
	if (k < 1)
		k = 1;
	for (size_t t = 0; t < k; t++) {
		rg[t] = (struct push_range){items, n * t / k, n * (t + 1) / k, pk, lang};
		/* The calling thread takes the first share itself. */
		if (t > 0)
			started[t] = pthread_create(&tid[t], NULL, push_worker, &rg[t]) == 0;
	}
	push_worker(&rg[0]);
	for (size_t t = 1; t < k; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			push_worker(&rg[t]);
	}
}

static json_t *
push_refusal(const struct push_item *it, size_t index, const char *reason)
{
	char id[FC_RECORD_ID_MAX];

	if (it->rec.id[0] != '\0')
		snprintf(id, sizeof id, "%s", it->rec.id);
	else
		snprintf(id, sizeof id, "#%zu", index + 1);
	return json_pack("{s:s,s:I,s:s}", "id", id, "seq", (json_int_t)it->rec.seq, "reason",
			 reason);
}

/*
 * The link itself: 0 when rec extends the held chain, 1 (reason) when not.
 * The signature was checked in the first pass, so this is fc_chain_next's
 * continuity part without a second verify.
 */
static int
push_link(const struct fc_record *rec, int64_t held_seq, const unsigned char *held_hash,
	  const char *lang, char *reason, size_t size)
{
	if (rec->seq != held_seq + 1) {
		snprintf(reason, size,
			 fc_gettext(lang, "gap: the server holds up to record %lld of this device, "
					  "this is %lld"),
			 (long long)held_seq, (long long)rec->seq);
		return 1;
	}
	if (memcmp(rec->prev, held_hash, FC_HASH_BYTES) != 0) {
		snprintf(
		    reason, size,
		    fc_gettext(lang, "chain broken: prev does not match the hash of record %lld"),
		    (long long)held_seq);
		return 1;
	}
	return 0;
}

/*
 * May the inspector file it (store/authz.c), and do its answers fit its
 * checklist as the server holds it (store/templates.c)? 0, 1 refused
 * (reason), -1 store failure.
 */
static int
push_allowed(struct fc_sstore *st, const struct fc_sinspector *insp, const struct push_item *it,
	     const char *lang, char district[FC_ID_MAX], char *reason, size_t size,
	     struct fc_error *err)
{
	int r = fc_sstore_authorize(st, insp, &it->rec, &it->ex, district, lang, reason, size, err);

	if (r != 0)
		return r;
	return fc_sstore_check_answers(st, &it->m, lang, reason, size);
}

/*
 * Walk the checked items in order against the held chain (inside the
 * transaction). Returns 0 with *refused set (or NULL) and the counts, or -1
 * on a store failure.
 */
static int
push_walk(struct fc_sstore *st, const struct fc_sdevice *dev, const struct fc_sinspector *insp,
	  const char *lang, struct push_item *items, size_t n, int64_t *held_seq, long *stored,
	  long *skipped, json_t **refused, struct fc_error *err)
{
	unsigned char held_hash[FC_HASH_BYTES], have[FC_HASH_BYTES];
	char reason[512], district[FC_ID_MAX];
	int r;
	time_t now = time(NULL);

	if (fc_sstore_held(st, dev->rowid, held_seq, held_hash, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct push_item *it = &items[i];
		struct fc_record *rec = &it->rec;

		if (!it->ok) {
			*refused = push_refusal(it, i, it->reason);
			return 0;
		}
		if (strcmp(rec->device, dev->device) != 0 ||
		    strcmp(rec->inspector, dev->inspector) != 0) {
			snprintf(
			    reason, sizeof reason,
			    fc_gettext(
				lang,
				"record is from device %s of inspector %s, but the request is from "
				"device %s of inspector %s"),
			    rec->device, rec->inspector, dev->device, dev->inspector);
			*refused = push_refusal(it, i, reason);
			return 0;
		}
		if (rec->seq <= *held_seq) {
			if (fc_sstore_record_hash(st, dev->rowid, rec->seq, have, err) != 0)
				return -1;
			if (memcmp(have, rec->hash, FC_HASH_BYTES) == 0) {
				(*skipped)++;
				continue;
			}
			if (fc_sstore_add_fork(st, dev->rowid, rec, have, now, err) != 0)
				return -1;
			snprintf(
			    reason, sizeof reason,
			    fc_gettext(
				lang,
				"fork: the server already holds a different record %s for this "
				"device; this one is kept as evidence and shown to supervisors"),
			    rec->id);
			*refused = push_refusal(it, i, reason);
			return 0;
		}
		if (push_link(rec, *held_seq, held_hash, lang, reason, sizeof reason) != 0) {
			*refused = push_refusal(it, i, reason);
			return 0;
		}
		r = push_allowed(st, insp, it, lang, district, reason, sizeof reason, err);
		if (r < 0)
			return -1;
		if (r > 0) {
			*refused = push_refusal(it, i, reason);
			return 0;
		}
		if (fc_sstore_insert_record(st, dev->rowid, district, rec, &it->ex, now, err) != 0)
			return -1;
		it->stored = 1;
		*held_seq = rec->seq;
		memcpy(held_hash, rec->hash, FC_HASH_BYTES);
		(*stored)++;
	}
	return 0;
}

/*
 * Note the refusal (if any) in the push's transaction, for the console's
 * inspectors page: the records stored before it are kept, and so is the fact
 * that the device was stopped and why.
 */
static int
push_keep_refusal(struct fc_sstore *st, const struct fc_sdevice *dev, json_t *refused,
		  struct fc_error *err)
{
	if (refused == NULL)
		return 0;
	return fc_sstore_add_refusal(
	    st, dev->rowid, json_string_value(json_object_get(refused, "id")),
	    json_integer_value(json_object_get(refused, "seq")),
	    json_string_value(json_object_get(refused, "reason")), time(NULL), err);
}

/*
 * Recompute the ledger rows of each household the stored records name, once
 * per household, with the entries this push made (no body parsed again).
 */
static int
push_ledger(struct fc_sstore *st, struct push_item *items, size_t n, struct fc_error *err)
{
	struct fc_ledger_entry *known = calloc(n > 0 ? n : 1, sizeof *known);
	const char **ids = calloc(n > 0 ? n : 1, sizeof *ids);
	size_t nknown = 0, nids = 0;
	int ret;

	if (known == NULL || ids == NULL) {
		free(known);
		free(ids);
		return fc_error_set(err, FC_E_NOMEM, "out of memory updating the ledger");
	}
	/* Shallow copies: the items keep ownership of the hazards and results. */
	for (size_t i = 0; i < n; i++) {
		if (!items[i].stored)
			continue;
		known[nknown++] = items[i].entry;
		if (items[i].rec.household[0] != '\0')
			ids[nids++] = items[i].rec.household;
	}
	ret = fc_sstore_ledger_update_all(st, ids, nids, known, nknown, err);
	free(known);
	free(ids);
	return ret;
}

/* The inspector the device belongs to, with districts as the request gave them. */
static int
push_inspector(struct fc_sstore *st, const struct fc_sdevice *dev, const char *districts,
	       struct fc_sinspector *out, struct fc_error *err)
{
	struct fc_error e2 = {0};

	if (fc_sstore_get_inspector(st, dev->inspector, out, &e2) != 0) {
		if (e2.code != FC_E_NOTFOUND) {
			*err = e2;
			return -1;
		}
		memset(out, 0, sizeof *out);
		snprintf(out->id, sizeof out->id, "%s", dev->inspector);
		snprintf(out->role, sizeof out->role, "%s", FC_ROLE_INSPECTOR);
	}
	snprintf(out->district, sizeof out->district, "%s", districts);
	return 0;
}

/* A checked batch's writes, for the group commit (store/group.c). */
struct push_job {
	const struct fc_sdevice *dev;
	const char *district;
	const char *lang;
	struct push_item *items;
	size_t n;
	int64_t held;
	long stored, skipped;
	json_t *refused;
	struct fc_push_request *req; /* its nonce spent first, in the same transaction; or NULL */
};

/*
 * The inspector the request was authenticated as (serve.c read it a moment
 * ago, so a push need not read it again), else read now.
 */
static int
push_job_inspector(struct fc_sstore *st, const struct push_job *j, struct fc_sinspector *out,
		   struct fc_error *err)
{
	if (j->req == NULL || j->req->insp == NULL)
		return push_inspector(st, j->dev, j->district, out, err);
	*out = *j->req->insp;
	snprintf(out->district, sizeof out->district, "%s", j->district);
	return 0;
}

/*
 * The batch's writes inside the shared transaction: what it reports is set
 * afresh, since the group runs it again alone if the group fails.
 */
static int
push_job_run(struct fc_sstore *st, void *ctx, struct fc_error *err)
{
	struct push_job *j = ctx;
	struct fc_sinspector insp;

	json_decref(j->refused);
	j->refused = NULL;
	j->held = 0;
	j->stored = j->skipped = 0;
	for (size_t i = 0; i < j->n; i++)
		j->items[i].stored = 0;
	if (j->req != NULL && j->req->nonce != NULL) {
		int fresh = 0;

		j->req->replayed = 0;
		if (fc_sstore_take_nonce(st, j->dev->rowid, j->req->nonce, j->req->now,
					 j->req->window, &fresh, err) != 0)
			return -1;
		/* Another copy of this request took it first: this one stores nothing. */
		if (!fresh) {
			j->req->replayed = 1;
			return 0;
		}
	}
	/* The templates of the handle it runs on (perhaps another request's). */
	if (fc_sstore_templates_refresh(st, err) != 0 ||
	    push_job_inspector(st, j, &insp, err) != 0 ||
	    push_walk(st, j->dev, &insp, j->lang, j->items, j->n, &j->held, &j->stored, &j->skipped,
		      &j->refused, err) != 0 ||
	    push_keep_refusal(st, j->dev, j->refused, err) != 0 ||
	    push_ledger(st, j->items, j->n, err) != 0 ||
	    fc_sstore_touch_device(st, j->dev->rowid, time(NULL), err) != 0)
		return -1;
	return 0;
}

int
fc_server_store_batch(struct fc_sstore *st, const struct fc_sdevice *dev, const char *district,
		      const void *raw, size_t raw_len, json_t **answer, long *records,
		      struct fc_error *err)
{
	return fc_server_store_batch_lang(st, dev, district, NULL, NULL, raw, raw_len, answer,
					  records, err);
}

int
fc_server_store_batch_lang(struct fc_sstore *st, const struct fc_sdevice *dev, const char *district,
			   const char *lang, struct fc_push_request *req, const void *raw,
			   size_t raw_len, json_t **answer, long *records, struct fc_error *err)
{
	struct fc_wire_item *w = NULL;
	struct push_job j = {dev, district, lang, NULL, 0, 0, 0, 0, NULL, req};
	int ret = -1;

	if (fc_wire_batch_parse(raw, raw_len, &w, &j.n, err) != 0)
		return -1;
	*records = (long)j.n;
	j.items = calloc(j.n > 0 ? j.n : 1, sizeof *j.items);
	if (j.items == NULL) {
		free(w);
		return fc_error_set(err, FC_E_NOMEM, "out of memory checking a batch");
	}
	for (size_t i = 0; i < j.n; i++)
		j.items[i].w = &w[i];
	push_check_all(j.items, j.n, dev->pk, lang);
	/* Answered only once the commit that holds the batch is durable. */
	if (fc_sstore_group(st, push_job_run, &j, err) != 0) {
		if (req != NULL)
			req->replayed = 0; /* rolled back: not spent by this request either */
		json_decref(j.refused);
		goto out;
	}
	if (req != NULL && req->replayed) {
		ret =
		    fc_error_set(err, FC_E_EXISTS, "request replayed: this nonce was already used");
		goto out;
	}
	*answer = json_pack("{s:I,s:I,s:I}", "held", (json_int_t)j.held, "stored",
			    (json_int_t)j.stored, "skipped", (json_int_t)j.skipped);
	if (j.refused != NULL)
		json_object_set_new(*answer, "refused", j.refused);
	ret = 0;
out:
	for (size_t i = 0; i < j.n; i++) {
		fc_record_release(&j.items[i].rec);
		fc_record_model_release(&j.items[i].m);
		fc_ledger_entry_release(&j.items[i].entry);
		json_decref(j.items[i].photos);
		if (j.items[i].packed.buf != NULL)
			fc_buf_release(&j.items[i].packed);
	}
	free(j.items);
	free(w);
	return ret;
}

int
fc_server_push(struct fc_server_req *r)
{
	struct fc_buf raw = FC_BUF_INIT;
	struct fc_error err = {0};
	struct fc_push_request req = {r->nonce_due ? r->nonce : NULL, time(NULL),
				      fc_server_window(r->srv), &r->insp, 0};
	json_t *answer = NULL;
	int ret;

	if (fc_wire_inflate(r->body.buf, r->body.len, FC_BATCH_MAX_RAW, &raw, &err) != 0) {
		fc_buf_release(&raw);
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST, fc_gettext(r->lang, "push: %s"),
				       err.msg);
	}
	/* A failure before the commit leaves the nonce due: serve.c spends it on its own. */
	if (fc_server_store_batch_lang(r->st, &r->dev, r->insp.district, r->lang, &req, raw.buf,
				       raw.len, &answer, &r->records, &err) != 0) {
		fc_buf_release(&raw);
		if (req.replayed) {
			r->nonce_due = 0;
			return fc_server_replayed(r);
		}
		/* A batch no fieldcheck device would send: what is wrong, after "push:". */
		if (err.code == FC_E_INVALID)
			return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
					       fc_gettext(r->lang, "push: %s"), err.msg);
		return fc_server_fail(r, &err);
	}
	r->nonce_due = 0;
	fc_buf_release(&raw);
	ret = fc_server_reply(r, MHD_HTTP_OK, answer);
	return ret;
}
