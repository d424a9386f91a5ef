/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-read.c: reading a stored record body back, never writing one.
 *
 * fc_record_from_body() parses a body with jansson for display and indexing,
 * refusing duplicate members and naming the member that is wrong.
 * fc_record_parse_links() reads just the members that link a record into its
 * chain; fc_record_scan_links() reads the same from the canonical prefix
 * fc_record_seal() writes, without a JSON parser, for the chain walk after a
 * signature has verified (the parse would otherwise cost a third as much as
 * the signature check). Nothing here re-serialises a body.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "record.h"

#define _(s) gettext(s)

/* A string member into dst[size]; required or optional (absent leaves ""). */
static int
record_get_string(json_t *o, const char *key, int required, char *dst, size_t size,
		  struct fc_error *err)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		if (required)
			return fc_error_set(err, FC_E_INVALID, _("record body: \"%s\" is missing"),
					    key);
		dst[0] = '\0';
		return 0;
	}
	if (!json_is_string(v))
		return fc_error_set(err, FC_E_INVALID, _("record body: \"%s\" is not a string"),
				    key);
	if (json_string_length(v) >= size || strlen(json_string_value(v)) != json_string_length(v))
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("record body: \"%s\" is longer than %zu bytes or holds a NUL"), key,
		    size - 1);
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
				    _("record body: \"v\" is missing or not a whole number"));
	if (json_integer_value(v) < 1 || json_integer_value(v) > FC_RECORD_FORMAT)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("record body: format %lld is not one this fieldcheck reads (1 to %d)"),
		    (long long)json_integer_value(v), FC_RECORD_FORMAT);
	if (record_get_string(o, "id", 1, out->id, sizeof out->id, err) != 0 ||
	    record_get_string(o, "device", 1, out->device, sizeof out->device, err) != 0)
		return -1;
	if (!fc_record_device_ok(out->device))
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"device\" '%s' is not 8 hex digits"),
				    out->device);
	if (!json_is_integer(seq) || json_integer_value(seq) < 1)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("record body: \"seq\" is missing or not a whole number from 1"));
	out->seq = json_integer_value(seq);
	if (!json_is_string(prev) || json_string_length(prev) != 2 * FC_HASH_BYTES ||
	    fc_hex_decode(json_string_value(prev), out->prev, FC_HASH_BYTES) != 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"prev\" is missing or not %d hex digits"),
				    2 * FC_HASH_BYTES);
	fc_record_make_id(out->device, out->seq, expect);
	if (strcmp(expect, out->id) != 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("record body: \"id\" '%s' does not match its device and seq ('%s')"), out->id,
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
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: not valid JSON: %s (byte %d)"), jerr.text,
				    jerr.position);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return fc_error_set(err, FC_E_INVALID, _("record body: not a JSON object"));
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

	if (record_scan_lit(&p, end, "{\"v\":") != 0 || p >= end || *p < '1' ||
	    *p > '0' + FC_RECORD_FORMAT || (p++, record_scan_lit(&p, end, ",\"type\":\"") != 0) ||
	    record_scan_str(&p, end, scratch, sizeof scratch) != 0 ||
	    record_scan_lit(&p, end, ",\"id\":\"") != 0 ||
	    record_scan_str(&p, end, out->id, sizeof out->id) != 0 ||
	    record_scan_lit(&p, end, ",\"device\":\"") != 0 ||
	    record_scan_str(&p, end, out->device, sizeof out->device) != 0 ||
	    !fc_record_device_ok(out->device) ||
	    record_scan_lit(&p, end, ",\"inspector\":\"") != 0 ||
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
		return fc_error_set(err, FC_E_INVALID, _("record body: \"type\" is empty"));
	if (out->inspector[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, _("record body: \"inspector\" is empty"));
	out->template_id[0] = '\0';
	out->template_version = 0;
	if (tmpl != NULL) {
		json_t *ver = json_object_get(tmpl, "version");

		if (!json_is_object(tmpl))
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: \"template\" is not an object"));
		const char *tid = json_string_value(json_object_get(tmpl, "id"));
		if (tid == NULL || tid[0] == '\0' || strlen(tid) >= sizeof out->template_id)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("record body: \"template\".\"id\" is missing, empty or "
			      "too long"));
		memcpy(out->template_id, tid, strlen(tid) + 1);
		if (!json_is_integer(ver) || json_integer_value(ver) < 0 ||
		    json_integer_value(ver) > 1000000000)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("record body: \"template\".\"version\" is not a whole number"));
		out->template_version = (int)json_integer_value(ver);
	}
	for (size_t i = 0; objects[i] != NULL; i++) {
		json_t *v = json_object_get(o, objects[i]);
		if (v != NULL && !json_is_object(v))
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: \"%s\" is not an object"), objects[i]);
	}
	json_t *hazards = json_object_get(o, "hazards");
	if (hazards != NULL && !json_is_array(hazards))
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"hazards\" is not an array"));
	for (size_t i = 0; strings[i] != NULL; i++) {
		json_t *v = json_object_get(o, strings[i]);
		if (v != NULL && !json_is_string(v))
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: \"%s\" is not a string"), strings[i]);
	}
	return 0;
}

int
fc_record_read_members(json_t *o, struct fc_record *out, struct fc_error *err)
{
	struct fc_record_links links;

	if (!json_is_object(o))
		return fc_error_set(err, FC_E_INVALID, _("record body: not a JSON object"));
	if (record_get_links(o, &links, err) != 0 || record_get_fields(o, out, err) != 0)
		return -1;
	out->seq = links.seq;
	memcpy(out->id, links.id, sizeof out->id);
	memcpy(out->device, links.device, sizeof out->device);
	memcpy(out->prev, links.prev, sizeof out->prev);
	return 0;
}

int
fc_record_from_parsed(char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES], json_t *o,
		      struct fc_record *out, struct fc_error *err)
{
	memset(out, 0, sizeof *out);
	out->body = body;
	out->body_len = body_len;
	memcpy(out->sig, sig, FC_SIG_BYTES);
	fc_sign_record_hash(body, body_len, sig, out->hash);
	if (o == NULL)
		return fc_error_set(err, FC_E_INVALID, _("record body: not a JSON object"));
	return fc_record_read_members(o, out, err);
}

int
fc_record_from_body(char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES],
		    struct fc_record *out, struct fc_error *err)
{
	json_t *o = NULL;
	int ret;

	if (record_parse(body, body_len, &o, err) != 0) {
		/* Still the owner of body, as promised. */
		fc_record_from_parsed(body, body_len, sig, NULL, out, &(struct fc_error){0});
		return -1;
	}
	ret = fc_record_from_parsed(body, body_len, sig, o, out, err);
	json_decref(o);
	return ret;
}

/*
 * The members the store copies into columns, read from a parsed body into
 * out (only those members are written).
 */
static int
record_body_copies(const struct fc_record *rec, struct fc_record *out, struct fc_error *err)
{
	json_t *o = NULL;
	int ret;

	if (rec->body == NULL)
		return fc_error_set(err, FC_E_INVALID, _("record body: missing"));
	if (record_parse(rec->body, rec->body_len, &o, err) != 0)
		return -1;
	ret = record_get_fields(o, out, err);
	json_decref(o);
	return ret;
}

int
fc_record_copies_from_body(struct fc_record *rec, struct fc_error *err)
{
	struct fc_record b;
	int ret;

	memset(&b, 0, sizeof b);
	ret = record_body_copies(rec, &b, err);
	/* An unreadable body shows nothing rather than the unsigned copies. */
	memcpy(rec->inspector, b.inspector, sizeof rec->inspector);
	memcpy(rec->type, b.type, sizeof rec->type);
	memcpy(rec->household, b.household, sizeof rec->household);
	memcpy(rec->template_id, b.template_id, sizeof rec->template_id);
	rec->template_version = b.template_version;
	memcpy(rec->time, b.time, sizeof rec->time);
	memcpy(rec->outcome, b.outcome, sizeof rec->outcome);
	if (ret != 0) {
		rec->inspector[0] = rec->type[0] = rec->household[0] = '\0';
		rec->template_id[0] = rec->time[0] = rec->outcome[0] = '\0';
		rec->template_version = 0;
	}
	return ret;
}

int
fc_record_compare_copies(const struct fc_record *rec, const struct fc_record *body, char *reason,
			 size_t size)
{
	char ver[2][16];

	snprintf(ver[0], sizeof ver[0], "%d", rec->template_version);
	snprintf(ver[1], sizeof ver[1], "%d", body->template_version);
	const char *pairs[][3] = {
	    {"inspector", rec->inspector, body->inspector},
	    {"type", rec->type, body->type},
	    {"household", rec->household, body->household},
	    {"template", rec->template_id, body->template_id},
	    {"template_version", ver[0], ver[1]},
	    {"time", rec->time, body->time},
	    {"outcome", rec->outcome, body->outcome},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		if (strcmp(pairs[i][1], pairs[i][2]) != 0) {
			snprintf(reason, size,
				 _("stored %s \"%s\" differs from the signed body (%s \"%s\")"),
				 pairs[i][0], pairs[i][1], pairs[i][0], pairs[i][2]);
			return 1;
		}
	}
	return 0;
}

int
fc_record_check_copies(const struct fc_record *rec, char *reason, size_t size, struct fc_error *err)
{
	struct fc_record b;

	memset(&b, 0, sizeof b);
	if (record_body_copies(rec, &b, err) != 0)
		return -1;
	return fc_record_compare_copies(rec, &b, reason, size);
}
