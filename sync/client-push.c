/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client-push.c: sending the device's records and photos to the server.
 *
 * The device never decides alone what the server has: every push starts by
 * asking (GET /v1/status) and sends from the server's high-water mark + 1,
 * and records are marked synced only up to the mark the server answers. So a
 * connection cut anywhere (before the server committed, or after it
 * committed but before the answer arrived) loses nothing and sends nothing
 * twice: the next sync starts from whatever the server holds.
 *
 * Photos follow their records: the files named by records the server holds
 * are uploaded in chunks, each resuming at the offset the server reports.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "core/photo.h"
#include "core/record-model.h"
#include "sync/routes.h"
#include "wire.h"

#define _(s) gettext(s)

#define PUSH_BATCH_DEFAULT 500
#define PUSH_BATCH_BYTES (4 * 1024 * 1024) /* stop filling a batch here */

static int
push_int_setting(struct fc_store *st, const char *key, int64_t *out, struct fc_error *err)
{
	char buf[32];
	struct fc_error e2 = {0};

	*out = 0;
	if (fc_store_get_setting(st, key, buf, sizeof buf, &e2) != 0) {
		if (e2.code == FC_E_NOTFOUND)
			return 0;
		*err = e2;
		return -1;
	}
	*out = strtoll(buf, NULL, 10);
	return 0;
}

static int
push_set_int(struct fc_store *st, const char *key, int64_t v, struct fc_error *err)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return fc_store_set_setting(st, key, buf, err);
}

/* Ask what the server holds; remember the district and role it says. */
static int
push_status(struct fc_client *c, struct fc_store *st, int64_t *held,
	    unsigned char held_hash[FC_HASH_BYTES], struct fc_error *err)
{
	json_t *a = NULL;
	long status;
	const char *district, *role;

	if (fc_client_request(c, fc_routes[FC_ROUTE_STATUS].method, fc_routes[FC_ROUTE_STATUS].path,
			      NULL, NULL, 0, NULL, &status, &a, err) != 0)
		return -1;
	*held = (int64_t)json_integer_value(json_object_get(a, "held"));
	memset(held_hash, 0, FC_HASH_BYTES);
	if (*held > 0 && fc_hex_decode(json_string_value(json_object_get(a, "held_hash")) != NULL
					   ? json_string_value(json_object_get(a, "held_hash"))
					   : "",
				       held_hash, FC_HASH_BYTES) != 0) {
		json_decref(a);
		return fc_error_set(err, FC_E_REFUSED, _("the server's status has no held_hash"));
	}
	fc_client_keep_photos_wanted(c, json_object_get(a, "photos_wanted"));
	district = json_string_value(json_object_get(a, "district"));
	role = json_string_value(json_object_get(a, "role"));
	if ((district != NULL && fc_store_set_setting(st, FC_SET_DISTRICT, district, err) != 0) ||
	    (role != NULL && fc_store_set_setting(st, FC_SET_ROLE, role, err) != 0)) {
		json_decref(a);
		return -1;
	}
	json_decref(a);
	return 0;
}

/* 1 in *diverged when this device's record at seq held is not the one the server holds. */
static int
push_diverged(struct fc_store *st, int64_t held, const unsigned char held_hash[FC_HASH_BYTES],
	      int *diverged, struct fc_error *err)
{
	struct fc_identity id;
	struct fc_record mine = {0};
	char rid[FC_RECORD_ID_MAX];

	*diverged = 0;
	if (held <= 0)
		return 0;
	if (fc_store_get_identity(st, &id, err) != 0)
		return -1;
	fc_record_make_id(id.device, held, rid);
	if (fc_store_get_record(st, rid, &mine, err) != 0)
		return err->code == FC_E_NOTFOUND ? 0 : -1;
	*diverged = memcmp(mine.hash, held_hash, FC_HASH_BYTES) != 0;
	fc_record_release(&mine);
	return 0;
}

/*
 * The photo cursor says the photos of records up to it are on the server; it
 * can only be true of records the server holds. A server restored from a
 * backup holds fewer than it acknowledged once, and the records it lost go
 * again now: so must their photos. The cursor is brought down to what the
 * server says it holds, as the records' own mark is.
 */
static int
push_photo_cursor_down(struct fc_store *st, int64_t held, struct fc_error *err)
{
	int64_t cursor = 0;

	if (push_int_setting(st, FC_SET_PHOTO_CURSOR, &cursor, err) != 0)
		return -1;
	return cursor > held ? push_set_int(st, FC_SET_PHOTO_CURSOR, held, err) : 0;
}

/*
 * The refused record's id. A body the server could not even read comes back
 * as "#N", its place in the batch, which started at seq from: name it as
 * the device knows it.
 */
static void
push_refused_id(struct fc_store *st, json_t *refused, int64_t from, char rid[FC_RECORD_ID_MAX])
{
	const char *id = json_string_value(json_object_get(refused, "id"));
	struct fc_identity me;
	struct fc_error ignore = {0};

	snprintf(rid, FC_RECORD_ID_MAX, "%s", id != NULL ? id : "?");
	if (id != NULL && id[0] == '#' && fc_store_get_identity(st, &me, &ignore) == 0)
		fc_record_make_id(me.device, from + strtoll(id + 1, NULL, 10) - 1, rid);
}

static int
push_first_seq(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	(void)err;
	*(int64_t *)ctx = rec->seq;
	return 1;
}

/*
 * Where a forked store sends from: its oldest record not marked synced, the
 * first the server may not hold as this store has it, so the server keeps
 * the first record that differs as the fork's evidence, not a later one. The
 * records before the fork are skipped by the server; so that the batch still
 * reaches the fork, never more than a batch below held.
 */
static int
push_fork_from(struct fc_store *st, int64_t held, size_t max, int64_t *from, struct fc_error *err)
{
	struct fc_record_filter filter = {.unsynced_only = 1, .limit = 1};
	int64_t first = 0;

	*from = held;
	if (fc_store_each_record(st, &filter, push_first_seq, &first, err) != 0)
		return -1;
	if (first > 0 && first < held && held - first < (int64_t)max)
		*from = first;
	return 0;
}

/*
 * A refusal of a record at or below the mark the server holds is a fork: the
 * server holds another record under that number. Said so the inspector knows
 * what to do: syncing again cannot help.
 */
static int
push_refusal_error(int64_t seq, int64_t held, const char *refused, struct fc_error *err)
{
	if (seq > 0 && seq <= held)
		return fc_error_set(
		    err, FC_E_CHAIN,
		    _("server refused record %s; this store signed other records than "
		      "the server holds from this device (it is a copy, or was restored "
		      "from an old one): stop recording on it and call the "
		      "administrator"),
		    refused);
	return fc_error_set(err, FC_E_REFUSED, _("server refused record %s"), refused);
}

struct push_fill {
	struct fc_buf *raw;
	size_t max;
	int64_t first; /* the seq of the batch's first record */
};

static int
push_add(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct push_fill *f = ctx;

	if (f->first == 0)
		f->first = rec->seq;

	if (fc_wire_batch_add(f->raw, rec->body, rec->body_len, rec->sig, err) != 0)
		return -1;
	return f->raw->len >= PUSH_BATCH_BYTES || fc_wire_batch_count(f->raw) >= f->max ? 1 : 0;
}

/* Send one batch starting at from; the server's answer goes to *a. */
static int
push_batch(struct fc_client *c, struct fc_store *st, int64_t from, size_t max, json_t **a,
	   size_t *sent, struct fc_error *err)
{
	struct fc_buf raw = FC_BUF_INIT, z = FC_BUF_INIT;
	struct fc_record_filter filter = {.from_seq = from, .limit = max};
	struct push_fill fill = {&raw, max, 0};
	long status;
	int ret = -1;

	if (fc_wire_batch_start(&raw, err) != 0 ||
	    fc_store_each_record(st, &filter, push_add, &fill, err) != 0)
		goto out;
	*sent = fc_wire_batch_count(&raw);
	if (*sent == 0) {
		ret = fc_error_set(err, FC_E_INTERNAL, _("no record %lld on this device to send"),
				   (long long)from);
		goto out;
	}
	/* The server would refuse it as a gap; only this device can say why, and what to do. */
	if (fill.first != from) {
		ret = fc_error_set(
		    err, FC_E_CHAIN,
		    _("record %lld is missing from this device's store, so the records after it "
		      "cannot be sent; they are kept: run 'fieldcheck verify' and call the "
		      "administrator"),
		    (long long)from);
		goto out;
	}
	if (fc_wire_deflate(raw.buf, raw.len, 0, &z, err) != 0)
		goto out;
	ret = fc_client_request(c, fc_routes[FC_ROUTE_RECORDS].method,
				fc_routes[FC_ROUTE_RECORDS].path, NULL, z.buf, z.len,
				"application/x-fieldcheck-batch", &status, a, err);
out:
	fc_buf_release(&raw);
	fc_buf_release(&z);
	return ret;
}

int
fc_client_push(struct fc_client *c, struct fc_store *st, struct fc_sync_result *res,
	       struct fc_error *err)
{
	const struct fc_sync_options *opt = fc_client_options(c);
	size_t max = opt->batch_records > 0 ? opt->batch_records : PUSH_BATCH_DEFAULT;
	unsigned char last_hash[FC_HASH_BYTES], held_hash[FC_HASH_BYTES];
	int64_t held = 0, last = 0, start, next;
	int diverged = 0;

	if (max > FC_BATCH_MAX_RECORDS)
		max = FC_BATCH_MAX_RECORDS;
	if (push_status(c, st, &held, held_hash, err) != 0 ||
	    fc_store_last(st, &last, last_hash, err) != 0 ||
	    push_diverged(st, held, held_hash, &diverged, err) != 0 ||
	    push_photo_cursor_down(st, held, err) != 0)
		return -1;
	res->held = held;
	if (held > last)
		return fc_error_set(
		    err, FC_E_CHAIN,
		    _("the server holds %lld records from this device but it has only %lld: this "
		      "store is an old copy; stop recording on it and call the administrator"),
		    (long long)held, (long long)last);
	/*
	 * What the server acknowledged, and nothing more, counts as synced; and
	 * only if its newest record is ours. If not, this store forked (a copy of
	 * the home signed other records): send ours from there, so the server
	 * refuses it as a fork and keeps it as evidence.
	 */
	if (held > 0 && !diverged && fc_store_mark_synced(st, held, err) != 0)
		return -1;
	start = held;
	next = held + 1;
	if (diverged && push_fork_from(st, held, max, &next, err) != 0)
		return -1;
	fc_client_progress(c, "push", 0, last - start);
	while (next <= last) {
		json_t *a = NULL, *refused;
		size_t sent = 0;
		int64_t now_held;

		if (push_batch(c, st, next, max, &a, &sent, err) != 0)
			return -1;
		now_held = (int64_t)json_integer_value(json_object_get(a, "held"));
		res->pushed += (int64_t)json_integer_value(json_object_get(a, "stored"));
		res->skipped += (int64_t)json_integer_value(json_object_get(a, "skipped"));
		if (now_held > held && fc_store_mark_synced(st, now_held, err) != 0) {
			json_decref(a);
			return -1;
		}
		res->held = now_held > held ? now_held : held;
		fc_client_progress(c, "push", res->held - start, last - start);
		refused = json_object_get(a, "refused");
		if (refused != NULL) {
			char rid[FC_RECORD_ID_MAX];

			int64_t seq = (int64_t)json_integer_value(json_object_get(refused, "seq"));

			push_refused_id(st, refused, next, rid);
			snprintf(res->refused, sizeof res->refused, "%s: %s", rid,
				 json_string_value(json_object_get(refused, "reason")));
			json_decref(a);
			return push_refusal_error(seq, res->held, res->refused, err);
		}
		json_decref(a);
		if (now_held < next)
			return fc_error_set(
			    err, FC_E_REFUSED,
			    _("server kept its mark at %lld after a batch of %zu records"),
			    (long long)held, sent);
		held = now_held;
		next = held + 1;
	}
	return 0;
}

/* Photos */

/* The photos to send, each (hash, size) once however many records name it. */
struct push_photos {
	json_t *list, *seen;
};

static int
push_photo_ref(const char *hash, int64_t size, void *ctx)
{
	struct push_photos *pp = ctx;
	char key[FC_HASH_HEX + 24];

	snprintf(key, sizeof key, "%s:%lld", hash, (long long)size);
	if (json_object_get(pp->seen, key) != NULL)
		return 0;
	json_object_set_new(pp->seen, key, json_true());
	json_array_append_new(pp->list,
			      json_pack("{s:s,s:I}", "hash", hash, "size", (json_int_t)size));
	return 0;
}

/*
 * The photos the server says it lacks of this device's records (the push's
 * status): the photo cursor has moved past them, because they reached a
 * server since restored from an older backup, or were not on this device when
 * it synced. Only hex hashes are taken: a hash names a file of the photo
 * folder.
 */
static void
push_wanted(const struct fc_client *c, struct push_photos *pp)
{
	unsigned char raw[FC_HASH_BYTES];
	json_t *p;
	size_t i;

	json_array_foreach(fc_client_photos_wanted(c), i, p) {
		const char *hash = json_string_value(json_object_get(p, "hash"));
		json_t *size = json_object_get(p, "size");

		if (hash != NULL && strlen(hash) == 2 * FC_HASH_BYTES &&
		    fc_hex_decode(hash, raw, sizeof raw) == 0 && json_is_integer(size) &&
		    json_integer_value(size) >= 0)
			push_photo_ref(hash, (int64_t)json_integer_value(size), pp);
	}
}

/* The photos a record names, answers and follow-up results alike (core/record-model.h). */
static int
push_collect_photos(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct fc_record_model m;
	struct fc_error ignore = {0};

	(void)err;
	/* A body the model refuses was refused by the server too: no photo of it to send. */
	if (fc_record_model_parse(rec->body, rec->body_len, &m, &ignore) == 0)
		fc_record_model_each_photo(&m, push_photo_ref, ctx);
	fc_record_model_release(&m);
	return 0;
}

/* Upload one photo from the offset the server holds. 1 when the file is missing here. */
static int
push_photo(struct fc_client *c, const struct fc_home *home, const char *hash, int64_t size,
	   struct fc_sync_result *res, struct fc_error *err)
{
	char path[FC_PATH_MAX + 80], pathq[80], sz[32];
	/* The size too: the server keys a photo by (hash, size) as the record names it. */
	const char *info_q[] = {"size", sz, NULL};
	json_t *a = NULL;
	unsigned char *buf = NULL;
	FILE *f = NULL;
	long status;
	int64_t have;
	int ret = -1;

	snprintf(pathq, sizeof pathq, "%s%s", fc_routes[FC_ROUTE_PHOTO_PUT].path, hash);
	snprintf(sz, sizeof sz, "%lld", (long long)size);
	if (fc_client_request(c, fc_routes[FC_ROUTE_PHOTO_GET].method, pathq, info_q, NULL, 0, NULL,
			      &status, &a, err) != 0)
		return -1;
	have = (int64_t)json_integer_value(json_object_get(a, "have"));
	if (json_is_true(json_object_get(a, "complete"))) {
		json_decref(a);
		return 0;
	}
	json_decref(a);
	snprintf(path, sizeof path, "%s/%s", home->photos, hash);
	f = fopen(path, "rb");
	if (f == NULL)
		return 1;
	buf = malloc(FC_PHOTO_CHUNK);
	if (buf == NULL || fseeko(f, (off_t)have, SEEK_SET) != 0) {
		fc_error_set(err, FC_E_IO, _("%s: cannot read from byte %lld"), path,
			     (long long)have);
		goto out;
	}
	for (;;) {
		char off[32];
		const char *q[] = {"offset", off, "size", sz, NULL};
		size_t n = fread(buf, 1, FC_PHOTO_CHUNK, f);

		if (n == 0)
			break;
		snprintf(off, sizeof off, "%lld", (long long)have);
		if (fc_client_request(c, fc_routes[FC_ROUTE_PHOTO_PUT].method, pathq, q, buf, n,
				      "application/octet-stream", &status, &a, err) != 0) {
			fc_error_prefix(err, _("photo %.12s"), hash);
			goto out;
		}
		have = (int64_t)json_integer_value(json_object_get(a, "have"));
		json_decref(a);
		if (fseeko(f, (off_t)have, SEEK_SET) != 0)
			break;
	}
	res->photos++;
	ret = 0;
out:
	free(buf);
	fclose(f);
	return ret;
}

int
fc_client_photos(struct fc_client *c, struct fc_store *st, const struct fc_home *home,
		 struct fc_sync_result *res, struct fc_error *err)
{
	int64_t cursor = 0;
	struct fc_record_filter filter = {0};
	struct push_photos pp = {json_array(), json_object()};
	json_t *p;
	size_t i;
	int ret = -1;

	if (pp.list == NULL || pp.seen == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		goto out;
	}
	if (push_int_setting(st, FC_SET_PHOTO_CURSOR, &cursor, err) != 0)
		goto out;
	push_wanted(c, &pp);
	if (cursor < res->held) {
		filter.from_seq = cursor + 1;
		filter.limit = (size_t)(res->held - cursor);
		if (fc_store_each_record(st, &filter, push_collect_photos, &pp, err) != 0)
			goto out;
	}
	json_array_foreach(pp.list, i, p) {
		int64_t size = (int64_t)json_integer_value(json_object_get(p, "size"));
		int sent;

		fc_client_progress(c, "photos", (int64_t)i, (int64_t)json_array_size(pp.list));
		/* Signed before the limit existed: the server would refuse every chunk. */
		if (size > FC_PHOTO_SIZE_MAX) {
			res->photos_over++;
			continue;
		}
		sent = push_photo(c, home, json_string_value(json_object_get(p, "hash")), size, res,
				  err);
		if (sent < 0)
			goto out;
		/* Evidence lost on the device cannot come back by retrying: say so. */
		if (sent == 1)
			res->photos_missing++;
	}
	ret = cursor < res->held ? push_set_int(st, FC_SET_PHOTO_CURSOR, res->held, err) : 0;
out:
	json_decref(pp.list);
	json_decref(pp.seen);
	return ret;
}
