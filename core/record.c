/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.c: making a record's canonical body once, signing it, and reading
 * the copy fields back out of a stored body.
 *
 * fc_record_seal() builds the body with jansson in one fixed member order
 * (docs/record-format.md), compact, UTF-8 unescaped, signs domain||body and
 * hashes body||sig. From then on the body bytes are the record: they are
 * stored and sent verbatim and nobody re-serialises them, because a
 * serialiser that changed one byte (key order, number format, escaping) would
 * break every signature.
 *
 * Reading a stored body back (fc_record_from_body() and the chain's readers)
 * is record-read.c's job.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ids.h"
#include "record.h"

#define _(s) gettext(s)

/* Members the record itself writes; `extra` may not reuse these names. */
static const char *const record_members[] = {
    "v",       "type",	"id",	     "device",	 "inspector", "seq",
    "prev",    "time",	"household", "template", "answers",   "hazards",
    "outcome", "grade", "corrects",  "follows",	 NULL,
};

static const char *const record_types[] = {
    FC_TYPE_INSPECTION, FC_TYPE_VISIT,	   FC_TYPE_FOLLOWUP,
    FC_TYPE_CORRECTION, FC_TYPE_HOUSEHOLD, NULL,
};

static int
record_is_member(const char *key)
{
	for (size_t i = 0; record_members[i] != NULL; i++)
		if (strcmp(record_members[i], key) == 0)
			return 1;
	return 0;
}

static int
record_known_type(const char *type)
{
	for (size_t i = 0; record_types[i] != NULL; i++)
		if (strcmp(record_types[i], type) == 0)
			return 1;
	return 0;
}

/* "YYYY-MM-DDTHH:MM:SS+HH:MM" (or -HH:MM), digits where digits belong. */
static int
record_time_ok(const char *t)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd+dd:dd";

	if (strlen(t) != sizeof shape - 1)
		return 0;
	for (size_t i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd') {
			if (t[i] < '0' || t[i] > '9')
				return 0;
		} else if (shape[i] == '+') {
			if (t[i] != '+' && t[i] != '-')
				return 0;
		} else if (t[i] != shape[i]) {
			return 0;
		}
	}
	return 1;
}

int
fc_record_device_ok(const char *d)
{
	return fc_id_device_ok(d);
}

void
fc_record_make_id(const char *device, int64_t seq, char *id)
{
	snprintf(id, FC_RECORD_ID_MAX, "%s-%06lld", device, (long long)seq);
}

void
fc_record_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;
	char zone[8];

	localtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	/* %z gives "+0800"; the body wants "+08:00" (RFC 3339). */
	if (strftime(zone, sizeof zone, "%z", &tm) != 5)
		snprintf(zone, sizeof zone, "+0000");
	size_t n = strlen(out);
	snprintf(out + n, 32 - n, "%.3s:%.2s", zone, zone + 3);
}

void
fc_record_release(struct fc_record *rec)
{
	if (rec == NULL)
		return;
	free(rec->body);
	rec->body = NULL;
	rec->body_len = 0;
}

/* Copy src into dst[size] or fail naming the member. */
static int
record_copy(char *dst, size_t size, const char *src, const char *member, struct fc_error *err)
{
	size_t len = strlen(src);

	if (len >= size)
		return fc_error_set(err, FC_E_INVALID, _("%s: longer than %zu bytes"), member,
				    size - 1);
	memcpy(dst, src, len + 1);
	return 0;
}

/* Add a string member; jansson refuses invalid UTF-8, which we report. */
static int
record_set_string(json_t *obj, const char *key, const char *value, struct fc_error *err)
{
	json_t *s = json_string(value);

	if (s == NULL)
		return fc_error_set(err, FC_E_INVALID, _("%s: not valid UTF-8 text"), key);
	if (json_object_set_new(obj, key, s) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory building a record"));
	return 0;
}

static int
record_set(json_t *obj, const char *key, json_t *value, struct fc_error *err)
{
	if (value == NULL || json_object_set_new(obj, key, value) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory building a record"));
	return 0;
}

static int
record_check_draft(const struct fc_record_draft *d, const struct fc_signer *signer, int64_t seq,
		   const char *time_iso, struct fc_error *err)
{
	if (d->type == NULL || !record_known_type(d->type))
		return fc_error_set(err, FC_E_INVALID,
				    _("type: '%s' is not one of inspection, visit, followup, "
				      "correction, household"),
				    d->type != NULL ? d->type : "");
	if (!fc_record_device_ok(signer->device))
		return fc_error_set(err, FC_E_INVALID, _("device: '%s' is not 8 hex digits"),
				    signer->device);
	if (signer->inspector[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, _("inspector: empty"));
	if (signer->sk == NULL)
		return fc_error_set(err, FC_E_INTERNAL, _("no secret key to sign with"));
	if (seq < 1)
		return fc_error_set(err, FC_E_INVALID, _("seq: %lld is not 1 or more"),
				    (long long)seq);
	if (time_iso != NULL && !record_time_ok(time_iso))
		return fc_error_set(err, FC_E_INVALID,
				    _("time: '%s' is not YYYY-MM-DDTHH:MM:SS+HH:MM"), time_iso);
	if (d->household != NULL && strlen(d->household) >= FC_ID_MAX)
		return fc_error_set(err, FC_E_INVALID, _("household: longer than %d bytes"),
				    FC_ID_MAX - 1);
	if (d->template_id != NULL && strlen(d->template_id) >= FC_ID_MAX)
		return fc_error_set(err, FC_E_INVALID, _("template: longer than %d bytes"),
				    FC_ID_MAX - 1);
	if (d->outcome != NULL && strlen(d->outcome) >= sizeof((struct fc_record *)0)->outcome)
		return fc_error_set(err, FC_E_INVALID, _("outcome: '%s' is too long"), d->outcome);
	if (d->answers != NULL && !json_is_object(d->answers))
		return fc_error_set(err, FC_E_INVALID, _("answers: not an object"));
	if (d->hazards != NULL && !json_is_array(d->hazards))
		return fc_error_set(err, FC_E_INVALID, _("hazards: not an array"));
	if (d->extra != NULL) {
		const char *key;
		json_t *value;

		if (!json_is_object(d->extra))
			return fc_error_set(err, FC_E_INTERNAL, _("extra: not an object"));
		json_object_foreach(d->extra, key, value) {
			if (record_is_member(key))
				return fc_error_set(
				    err, FC_E_INVALID,
				    _("extra member '%s' would replace a record field"), key);
		}
	}
	return 0;
}

/* The body object in canonical member order; *out is a new reference. */
static int
record_build(const struct fc_record_draft *d, const struct fc_signer *signer, int64_t seq,
	     const char *id, const char *prev_hex, const char *time_iso, json_t **out,
	     struct fc_error *err)
{
	json_t *o = json_object();
	json_t *tmpl = NULL;
	int ret = -1;

	if (o == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory building a record"));
	/* The lowest format that describes the body: old readers keep reading the rest. */
	int v = d->results != NULL || d->kind != NULL ? FC_RECORD_FORMAT : 1;

	if (record_set(o, "v", json_integer(v), err) != 0 ||
	    record_set_string(o, "type", d->type, err) != 0 ||
	    record_set_string(o, "id", id, err) != 0 ||
	    record_set_string(o, "device", signer->device, err) != 0 ||
	    record_set_string(o, "inspector", signer->inspector, err) != 0 ||
	    record_set(o, "seq", json_integer(seq), err) != 0 ||
	    record_set_string(o, "prev", prev_hex, err) != 0 ||
	    record_set_string(o, "time", time_iso, err) != 0)
		goto out;
	if (d->household != NULL && record_set_string(o, "household", d->household, err) != 0)
		goto out;
	if (d->template_id != NULL) {
		if ((tmpl = json_object()) == NULL) {
			fc_error_set(err, FC_E_NOMEM, _("out of memory building a record"));
			goto out;
		}
		if (record_set_string(tmpl, "id", d->template_id, err) != 0 ||
		    record_set(tmpl, "version", json_integer(d->template_version), err) != 0)
			goto out;
		if (record_set(o, "template", tmpl, err) != 0) {
			tmpl = NULL; /* json_object_set_new consumed it */
			goto out;
		}
		tmpl = NULL;
	}
	if ((d->answers != NULL && record_set(o, "answers", json_incref(d->answers), err) != 0) ||
	    (d->hazards != NULL && record_set(o, "hazards", json_incref(d->hazards), err) != 0) ||
	    (d->outcome != NULL && record_set_string(o, "outcome", d->outcome, err) != 0) ||
	    (d->grade != NULL && record_set(o, "grade", json_incref(d->grade), err) != 0) ||
	    (d->corrects != NULL && record_set_string(o, "corrects", d->corrects, err) != 0) ||
	    (d->follows != NULL && record_set_string(o, "follows", d->follows, err) != 0) ||
	    (d->kind != NULL && record_set_string(o, "kind", d->kind, err) != 0) ||
	    (d->results != NULL && record_set(o, "results", json_incref(d->results), err) != 0))
		goto out;
	if (d->extra != NULL) {
		const char *key;
		json_t *value;

		json_object_foreach(d->extra, key, value) {
			if (record_set(o, key, json_incref(value), err) != 0)
				goto out;
		}
	}
	*out = o;
	o = NULL;
	ret = 0;
out:
	json_decref(tmpl);
	json_decref(o);
	return ret;
}

int
fc_record_seal(const struct fc_record_draft *draft, const struct fc_signer *signer, int64_t seq,
	       const unsigned char prev[FC_HASH_BYTES], const char *time_iso, struct fc_record *out,
	       struct fc_error *err)
{
	static const unsigned char zero[FC_HASH_BYTES];
	char now[32];
	char prev_hex[FC_HASH_HEX];
	char id[FC_RECORD_ID_MAX];
	json_t *obj = NULL;
	char *body = NULL;
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (record_check_draft(draft, signer, seq, time_iso, err) != 0)
		return -1;
	if (time_iso == NULL) {
		fc_record_now(now);
		time_iso = now;
	}
	if (prev == NULL)
		prev = zero;
	fc_hex_encode(prev, FC_HASH_BYTES, prev_hex);
	fc_record_make_id(signer->device, seq, id);
	if (record_build(draft, signer, seq, id, prev_hex, time_iso, &obj, err) != 0)
		goto out;
	/*
	 * The one and only serialisation of this body. Compact, members in
	 * insertion order (jansson >= 2.8 keeps it), non-ASCII left as UTF-8.
	 * Reals get 15 significant digits: every decimal an inspector types
	 * (2.1 kPa) prints as typed instead of jansson's default 17 digits
	 * (2.1000000000000001). Whatever comes out is what is signed.
	 */
	body = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (body == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory building a record"));
		goto out;
	}
	out->body_len = strlen(body);
	if (fc_sign_body(signer->sk, body, out->body_len, out->sig, err) != 0)
		goto out;
	fc_sign_record_hash(body, out->body_len, out->sig, out->hash);
	out->seq = seq;
	memcpy(out->prev, prev, FC_HASH_BYTES);
	memcpy(out->id, id, sizeof out->id);
	memcpy(out->device, signer->device, sizeof out->device);
	/* Lengths were checked above, so these copies cannot fail. */
	record_copy(out->inspector, sizeof out->inspector, signer->inspector, "inspector", err);
	record_copy(out->type, sizeof out->type, draft->type, "type", err);
	if (draft->household != NULL)
		record_copy(out->household, sizeof out->household, draft->household, "household",
			    err);
	if (draft->template_id != NULL)
		record_copy(out->template_id, sizeof out->template_id, draft->template_id,
			    "template", err);
	out->template_version = draft->template_version;
	record_copy(out->time, sizeof out->time, time_iso, "time", err);
	if (draft->outcome != NULL)
		record_copy(out->outcome, sizeof out->outcome, draft->outcome, "outcome", err);
	out->body = body;
	body = NULL;
	ret = 0;
out:
	free(body);
	json_decref(obj);
	if (ret != 0)
		out->body_len = 0;
	return ret;
}

int
fc_record_check(const struct fc_record *rec, const unsigned char pk[FC_PK_BYTES],
		struct fc_error *err)
{
	unsigned char hash[FC_HASH_BYTES];

	/*
	 * The chain's own words (record.h), translated where chain.c marks them;
	 * "%s: %s" too, for the colon of the reader's script.
	 */
	if (fc_sign_check(pk, rec->body, rec->body_len, rec->sig) != 0)
		return fc_error_set(err, FC_E_CHAIN, _("%s: %s"), rec->id,
				    gettext(FC_REASON_SIGNATURE));
	fc_sign_record_hash(rec->body, rec->body_len, rec->sig, hash);
	if (memcmp(hash, rec->hash, FC_HASH_BYTES) != 0)
		return fc_error_set(err, FC_E_CHAIN, _("%s: %s"), rec->id, gettext(FC_REASON_HASH));
	return 0;
}
