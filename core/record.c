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
 * fc_record_from_body() goes the other way for display and indexing: it parses
 * a stored body and checks each member's type, naming the member that is
 * wrong. fc_record_parse_links() reads only what the chain needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record.h"

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

static int
record_device_ok(const char *d)
{
	if (strlen(d) != FC_DEVICE_ID_LEN)
		return 0;
	for (size_t i = 0; i < FC_DEVICE_ID_LEN; i++)
		if (!((d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f')))
			return 0;
	return 1;
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
		return fc_error_set(err, FC_E_INVALID, "%s: longer than %zu bytes", member,
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
		return fc_error_set(err, FC_E_INVALID, "%s: not valid UTF-8 text", key);
	if (json_object_set_new(obj, key, s) != 0)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building a record");
	return 0;
}

static int
record_set(json_t *obj, const char *key, json_t *value, struct fc_error *err)
{
	if (value == NULL || json_object_set_new(obj, key, value) != 0)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building a record");
	return 0;
}

static int
record_check_draft(const struct fc_record_draft *d, const struct fc_signer *signer, int64_t seq,
		   const char *time_iso, struct fc_error *err)
{
	if (d->type == NULL || !record_known_type(d->type))
		return fc_error_set(
		    err, FC_E_INVALID,
		    "type: '%s' is not one of inspection, visit, followup, correction, household",
		    d->type != NULL ? d->type : "");
	if (!record_device_ok(signer->device))
		return fc_error_set(err, FC_E_INVALID, "device: '%s' is not 8 hex digits",
				    signer->device);
	if (signer->inspector[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, "inspector: empty");
	if (signer->sk == NULL)
		return fc_error_set(err, FC_E_INTERNAL, "no secret key to sign with");
	if (seq < 1)
		return fc_error_set(err, FC_E_INVALID, "seq: %lld is not 1 or more",
				    (long long)seq);
	if (time_iso != NULL && !record_time_ok(time_iso))
		return fc_error_set(err, FC_E_INVALID,
				    "time: '%s' is not YYYY-MM-DDTHH:MM:SS+HH:MM", time_iso);
	if (d->household != NULL && strlen(d->household) >= FC_ID_MAX)
		return fc_error_set(err, FC_E_INVALID, "household: longer than %d bytes",
				    FC_ID_MAX - 1);
	if (d->template_id != NULL && strlen(d->template_id) >= FC_ID_MAX)
		return fc_error_set(err, FC_E_INVALID, "template: longer than %d bytes",
				    FC_ID_MAX - 1);
	if (d->outcome != NULL && strlen(d->outcome) >= sizeof((struct fc_record *)0)->outcome)
		return fc_error_set(err, FC_E_INVALID, "outcome: '%s' is too long", d->outcome);
	if (d->answers != NULL && !json_is_object(d->answers))
		return fc_error_set(err, FC_E_INVALID, "answers: not an object");
	if (d->hazards != NULL && !json_is_array(d->hazards))
		return fc_error_set(err, FC_E_INVALID, "hazards: not an array");
	if (d->extra != NULL) {
		const char *key;
		json_t *value;

		if (!json_is_object(d->extra))
			return fc_error_set(err, FC_E_INTERNAL, "extra: not an object");
		json_object_foreach(d->extra, key, value)
		{
			if (record_is_member(key))
				return fc_error_set(
				    err, FC_E_INVALID,
				    "extra member '%s' would replace a record field", key);
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
		return fc_error_set(err, FC_E_NOMEM, "out of memory building a record");
	if (record_set(o, "v", json_integer(FC_RECORD_FORMAT), err) != 0 ||
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
			fc_error_set(err, FC_E_NOMEM, "out of memory building a record");
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
	    (d->follows != NULL && record_set_string(o, "follows", d->follows, err) != 0))
		goto out;
	if (d->extra != NULL) {
		const char *key;
		json_t *value;

		json_object_foreach(d->extra, key, value)
		{
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
		fc_error_set(err, FC_E_NOMEM, "out of memory building a record");
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

/* A string member into dst[size]; required or optional (absent leaves ""). */
static int
record_get_string(json_t *o, const char *key, int required, char *dst, size_t size,
		  struct fc_error *err)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		if (required)
			return fc_error_set(err, FC_E_INVALID, "record body: \"%s\" is missing",
					    key);
		dst[0] = '\0';
		return 0;
	}
	if (!json_is_string(v))
		return fc_error_set(err, FC_E_INVALID, "record body: \"%s\" is not a string", key);
	if (json_string_length(v) >= size || strlen(json_string_value(v)) != json_string_length(v))
		return fc_error_set(err, FC_E_INVALID,
				    "record body: \"%s\" is longer than %zu bytes or holds a NUL",
				    key, size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int
record_get_links(json_t *o, struct fc_record_links *out, struct fc_error *err)
{
	json_t *v = json_object_get(o, "v");
	json_t *seq = json_object_get(o, "seq");
	json_t *prev = json_object_get(o, "prev");
	char expect[FC_RECORD_ID_MAX];

	if (!json_is_integer(v))
		return fc_error_set(err, FC_E_INVALID,
				    "record body: \"v\" is missing or not a whole number");
	if (json_integer_value(v) < 1 || json_integer_value(v) > FC_RECORD_FORMAT)
		return fc_error_set(
		    err, FC_E_INVALID,
		    "record body: format %lld is not one this fieldcheck reads (1 to %d)",
		    (long long)json_integer_value(v), FC_RECORD_FORMAT);
	if (record_get_string(o, "id", 1, out->id, sizeof out->id, err) != 0 ||
	    record_get_string(o, "device", 1, out->device, sizeof out->device, err) != 0)
		return -1;
	if (!record_device_ok(out->device))
		return fc_error_set(err, FC_E_INVALID,
				    "record body: \"device\" '%s' is not 8 hex digits",
				    out->device);
	if (!json_is_integer(seq) || json_integer_value(seq) < 1)
		return fc_error_set(err, FC_E_INVALID,
				    "record body: \"seq\" is missing or not a whole number from 1");
	out->seq = json_integer_value(seq);
	if (!json_is_string(prev) || json_string_length(prev) != 2 * FC_HASH_BYTES ||
	    fc_hex_decode(json_string_value(prev), out->prev, FC_HASH_BYTES) != 0)
		return fc_error_set(err, FC_E_INVALID,
				    "record body: \"prev\" is missing or not %d hex digits",
				    2 * FC_HASH_BYTES);
	fc_record_make_id(out->device, out->seq, expect);
	if (strcmp(expect, out->id) != 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    "record body: \"id\" '%s' does not match its device and seq ('%s')", out->id,
		    expect);
	return 0;
}

static int
record_parse(const char *body, size_t body_len, json_t **out, struct fc_error *err)
{
	json_error_t jerr;

	/* Duplicate members would let two readers see two different records. */
	*out = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL)
		return fc_error_set(err, FC_E_INVALID, "record body: not valid JSON: %s (byte %d)",
				    jerr.text, jerr.position);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return fc_error_set(err, FC_E_INVALID, "record body: not a JSON object");
	}
	return 0;
}

int
fc_record_parse_links(const char *body, size_t body_len, struct fc_record_links *out,
		      struct fc_error *err)
{
	json_t *o = NULL;

	if (record_parse(body, body_len, &o, err) != 0)
		return -1;
	int ret = record_get_links(o, out, err);
	json_decref(o);
	return ret;
}

/*
 * Match literal at *p, moving past it; 0 or -1. The scan helpers below read
 * the canonical prefix fc_record_seal() writes and nothing else.
 */
static int
record_scan_lit(const char **p, const char *end, const char *lit)
{
	size_t len = strlen(lit);

	if ((size_t)(end - *p) < len || memcmp(*p, lit, len) != 0)
		return -1;
	*p += len;
	return 0;
}

/* A string with no escapes up to its closing quote, into dst[size]. */
static int
record_scan_str(const char **p, const char *end, char *dst, size_t size)
{
	const char *q = *p;

	while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
		q++;
	if (q >= end || *q != '"' || (size_t)(q - *p) >= size)
		return -1;
	memcpy(dst, *p, (size_t)(q - *p));
	dst[q - *p] = '\0';
	*p = q + 1;
	return 0;
}

int
fc_record_scan_links(const char *body, size_t body_len, struct fc_record_links *out)
{
	const char *p = body, *end = body + body_len;
	char scratch[FC_ID_MAX];
	char expect[FC_RECORD_ID_MAX];
	int64_t seq = 0;
	int digits = 0;

	if (record_scan_lit(&p, end, "{\"v\":1,\"type\":\"") != 0 ||
	    record_scan_str(&p, end, scratch, sizeof scratch) != 0 ||
	    record_scan_lit(&p, end, ",\"id\":\"") != 0 ||
	    record_scan_str(&p, end, out->id, sizeof out->id) != 0 ||
	    record_scan_lit(&p, end, ",\"device\":\"") != 0 ||
	    record_scan_str(&p, end, out->device, sizeof out->device) != 0 ||
	    !record_device_ok(out->device) || record_scan_lit(&p, end, ",\"inspector\":\"") != 0 ||
	    record_scan_str(&p, end, scratch, sizeof scratch) != 0 ||
	    record_scan_lit(&p, end, ",\"seq\":") != 0)
		return 1;
	/* jansson writes integers without sign, leading zeros or exponent. */
	if (p < end && *p == '0')
		return 1;
	for (; p < end && *p >= '0' && *p <= '9' && digits < 18; p++, digits++)
		seq = seq * 10 + (*p - '0');
	if (digits == 0 || seq < 1 || record_scan_lit(&p, end, ",\"prev\":\"") != 0 ||
	    end - p < 2 * FC_HASH_BYTES + 2 || p[2 * FC_HASH_BYTES] != '"' ||
	    (p[2 * FC_HASH_BYTES + 1] != ',' && p[2 * FC_HASH_BYTES + 1] != '}'))
		return 1;
	for (int i = 0; i < 2 * FC_HASH_BYTES; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 1;
	for (int i = 0; i < FC_HASH_BYTES; i++) {
		int hi = p[2 * i] <= '9' ? p[2 * i] - '0' : p[2 * i] - 'a' + 10;
		int lo = p[2 * i + 1] <= '9' ? p[2 * i + 1] - '0' : p[2 * i + 1] - 'a' + 10;
		out->prev[i] = (unsigned char)(hi << 4 | lo);
	}
	out->seq = seq;
	fc_record_make_id(out->device, seq, expect);
	if (strcmp(expect, out->id) != 0)
		return 1;
	return 0;
}

/* Check the members display and indexing use; fill out's copies. */
static int
record_get_fields(json_t *o, struct fc_record *out, struct fc_error *err)
{
	json_t *tmpl = json_object_get(o, "template");
	static const char *const objects[] = {"answers", "grade", NULL};
	static const char *const strings[] = {"corrects", "follows", NULL};

	if (record_get_string(o, "type", 1, out->type, sizeof out->type, err) != 0 ||
	    record_get_string(o, "inspector", 1, out->inspector, sizeof out->inspector, err) != 0 ||
	    record_get_string(o, "time", 1, out->time, sizeof out->time, err) != 0 ||
	    record_get_string(o, "household", 0, out->household, sizeof out->household, err) != 0 ||
	    record_get_string(o, "outcome", 0, out->outcome, sizeof out->outcome, err) != 0)
		return -1;
	if (out->type[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, "record body: \"type\" is empty");
	if (out->inspector[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, "record body: \"inspector\" is empty");
	out->template_id[0] = '\0';
	out->template_version = 0;
	if (tmpl != NULL) {
		json_t *ver = json_object_get(tmpl, "version");

		if (!json_is_object(tmpl))
			return fc_error_set(err, FC_E_INVALID,
					    "record body: \"template\" is not an object");
		const char *tid = json_string_value(json_object_get(tmpl, "id"));
		if (tid == NULL || tid[0] == '\0' || strlen(tid) >= sizeof out->template_id)
			return fc_error_set(err, FC_E_INVALID,
					    "record body: \"template\".\"id\" is missing, empty or "
					    "too long");
		memcpy(out->template_id, tid, strlen(tid) + 1);
		if (!json_is_integer(ver) || json_integer_value(ver) < 0 ||
		    json_integer_value(ver) > 1000000000)
			return fc_error_set(
			    err, FC_E_INVALID,
			    "record body: \"template\".\"version\" is not a whole number");
		out->template_version = (int)json_integer_value(ver);
	}
	for (size_t i = 0; objects[i] != NULL; i++) {
		json_t *v = json_object_get(o, objects[i]);
		if (v != NULL && !json_is_object(v))
			return fc_error_set(err, FC_E_INVALID,
					    "record body: \"%s\" is not an object", objects[i]);
	}
	json_t *hazards = json_object_get(o, "hazards");
	if (hazards != NULL && !json_is_array(hazards))
		return fc_error_set(err, FC_E_INVALID, "record body: \"hazards\" is not an array");
	for (size_t i = 0; strings[i] != NULL; i++) {
		json_t *v = json_object_get(o, strings[i]);
		if (v != NULL && !json_is_string(v))
			return fc_error_set(err, FC_E_INVALID,
					    "record body: \"%s\" is not a string", strings[i]);
	}
	return 0;
}

int
fc_record_from_body(char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES],
		    struct fc_record *out, struct fc_error *err)
{
	struct fc_record_links links;
	json_t *o = NULL;
	int ret = -1;

	memset(out, 0, sizeof *out);
	out->body = body;
	out->body_len = body_len;
	memcpy(out->sig, sig, FC_SIG_BYTES);
	fc_sign_record_hash(body, body_len, sig, out->hash);
	if (record_parse(body, body_len, &o, err) != 0)
		goto out;
	if (record_get_links(o, &links, err) != 0 || record_get_fields(o, out, err) != 0)
		goto out;
	out->seq = links.seq;
	memcpy(out->id, links.id, sizeof out->id);
	memcpy(out->device, links.device, sizeof out->device);
	memcpy(out->prev, links.prev, sizeof out->prev);
	ret = 0;
out:
	json_decref(o);
	return ret;
}

int
fc_record_check(const struct fc_record *rec, const unsigned char pk[FC_PK_BYTES],
		struct fc_error *err)
{
	unsigned char hash[FC_HASH_BYTES];

	if (fc_sign_check(pk, rec->body, rec->body_len, rec->sig) != 0)
		return fc_error_set(err, FC_E_CHAIN, "%s: %s", rec->id, FC_REASON_SIGNATURE);
	fc_sign_record_hash(rec->body, rec->body_len, rec->sig, hash);
	if (memcmp(hash, rec->hash, FC_HASH_BYTES) != 0)
		return fc_error_set(err, FC_E_CHAIN, "%s: %s", rec->id, FC_REASON_HASH);
	return 0;
}
