/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-scan.c: reading a verified body's chain members and stored copies in
 * one pass, without building a JSON tree.
 *
 * The chain walk checks a signature (~50 µs) and then needs the links and the
 * copy members (type, inspector, time, household, template, outcome). A
 * jansson parse of a 600-byte body costs another ~15 µs, a third of the
 * signature; this scan costs about a microsecond. It is a validator, not a
 * second reader with its own rules: it vouches only for bodies it can prove
 * jansson would read identically (valid UTF-8, no whitespace, no \u escapes,
 * no repeated member at any depth, no exponents, plain copy strings), and for
 * anything else answers 1 so the caller parses with jansson, which then also
 * names what is wrong. tests/unit/test-record.c and tests/fuzz/fuzz-record.c
 * hold the two readers to the same answers.
 */
#include <string.h>

#include "record.h"
#include "utf8.h"

#define SCAN_DEPTH 32 /* deeper than any fieldcheck body; jansson allows 2048 */
#define SCAN_KEYS 96  /* members per object checked for repeats; more: parse */

struct scan_span {
	const char *p;
	size_t len;
};

/* The top-level members whose values the chain reads. */
enum {
	M_TYPE,
	M_INSPECTOR,
	M_TIME,
	M_HOUSEHOLD,
	M_TEMPLATE,
	M_OUTCOME,
	M_ANSWERS,
	M_GRADE,
	M_HAZARDS,
	M_CORRECTS,
	M_FOLLOWS,
	M_COUNT
};

static const char *const scan_members[M_COUNT] = {
    "type",    "inspector", "time",    "household", "template", "outcome",
    "answers", "grade",	    "hazards", "corrects",  "follows",
};

struct scan {
	const char *p, *end;
	struct scan_span top[M_COUNT]; /* value spans; p NULL when absent */
};

static int scan_value(struct scan *s, int depth);

/* A string at s->p (on its opening quote); *escaped when it holds an escape. */
static int
scan_string(struct scan *s, struct scan_span *text, int *escaped)
{
	const char *q = s->p + 1;

	*escaped = 0;
	for (; q < s->end && *q != '"'; q++) {
		if ((unsigned char)*q < 0x20)
			return 1;
		if (*q == '\\') {
			/* \u needs decoding (and may hide a NUL): the parser's job. */
			if (q + 1 >= s->end || strchr("\"\\/bfnrt", q[1]) == NULL || q[1] == '\0')
				return 1;
			*escaped = 1;
			q++;
		}
	}
	if (q >= s->end)
		return 1;
	text->p = s->p + 1;
	text->len = (size_t)(q - text->p);
	s->p = q + 1;
	return 0;
}

/* A number without exponent and short enough that no reader could overflow. */
static int
scan_number(struct scan *s)
{
	const char *q = s->p;

	if (q < s->end && *q == '-')
		q++;
	if (q >= s->end || *q < '0' || *q > '9')
		return 1;
	if (*q == '0' && q + 1 < s->end && q[1] >= '0' && q[1] <= '9')
		return 1;
	while (q < s->end && *q >= '0' && *q <= '9')
		q++;
	if (q < s->end && *q == '.') {
		q++;
		if (q >= s->end || *q < '0' || *q > '9')
			return 1;
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q - s->p > 18 || (q < s->end && (*q == 'e' || *q == 'E')))
		return 1;
	s->p = q;
	return 0;
}

static int
scan_literal(struct scan *s, const char *lit)
{
	size_t len = strlen(lit);

	if ((size_t)(s->end - s->p) < len || memcmp(s->p, lit, len) != 0)
		return 1;
	s->p += len;
	return 0;
}

/* Record the top-level member key's value span when the chain reads it. */
static void
scan_note_member(struct scan *s, const struct scan_span *key, const char *value)
{
	for (int m = 0; m < M_COUNT; m++)
		if (strlen(scan_members[m]) == key->len &&
		    memcmp(scan_members[m], key->p, key->len) == 0) {
			s->top[m].p = value;
			s->top[m].len = (size_t)(s->p - value);
			return;
		}
}

/* An object at s->p; members repeated in it make the body the parser's. */
static int
scan_object(struct scan *s, int depth)
{
	struct scan_span keys[SCAN_KEYS];
	size_t n = 0;
	int escaped;

	s->p++;
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (s->p >= s->end || *s->p != '"' || n == SCAN_KEYS ||
		    scan_string(s, &keys[n], &escaped) != 0 || escaped)
			return 1;
		for (size_t i = 0; i < n; i++)
			if (keys[i].len == keys[n].len &&
			    memcmp(keys[i].p, keys[n].p, keys[n].len) == 0)
				return 1;
		if (s->p >= s->end || *s->p != ':')
			return 1;
		s->p++;
		const char *value = s->p;
		if (scan_value(s, depth + 1) != 0)
			return 1;
		if (depth == 0)
			scan_note_member(s, &keys[n], value);
		n++;
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return 0;
		}
		return 1;
	}
}

static int
scan_array(struct scan *s, int depth)
{
	s->p++;
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (scan_value(s, depth + 1) != 0)
			return 1;
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			return 0;
		}
		return 1;
	}
}

static int
scan_value(struct scan *s, int depth)
{
	struct scan_span text;
	int escaped;

	if (s->p >= s->end || depth > SCAN_DEPTH)
		return 1;
	switch (*s->p) {
	case '{':
		return scan_object(s, depth);
	case '[':
		return scan_array(s, depth);
	case '"':
		return scan_string(s, &text, &escaped);
	case 't':
		return scan_literal(s, "true");
	case 'f':
		return scan_literal(s, "false");
	case 'n':
		return scan_literal(s, "null");
	default:
		return scan_number(s);
	}
}

/* A member's plain string (no escapes) into dst[size]; absent gives "". */
static int
scan_copy(const struct scan_span *v, int required, char *dst, size_t size)
{
	if (v->p == NULL) {
		dst[0] = '\0';
		return required ? 1 : 0;
	}
	if (v->len < 2 || v->p[0] != '"' || v->len - 2 >= size ||
	    memchr(v->p, '\\', v->len) != NULL || memchr(v->p, '\0', v->len) != NULL)
		return 1;
	memcpy(dst, v->p + 1, v->len - 2);
	dst[v->len - 2] = '\0';
	return 0;
}

/* "template":{"id":"...","version":N} exactly as fc_record_seal() writes it. */
static int
scan_template(const struct scan_span *v, struct fc_record *out)
{
	static const char head[] = "{\"id\":\"";
	static const char mid[] = "\",\"version\":";
	int64_t ver = 0;

	out->template_id[0] = '\0';
	out->template_version = 0;
	if (v->p == NULL)
		return 0;
	const char *p = v->p, *end = v->p + v->len;
	if (v->len < sizeof head || memcmp(p, head, sizeof head - 1) != 0)
		return 1;
	p += sizeof head - 1;
	const char *q = p;
	while (q < end && *q != '"' && *q != '\\')
		q++;
	if (q == p || q >= end || (size_t)(q - p) >= sizeof out->template_id ||
	    (size_t)(end - q) < sizeof mid || memcmp(q, mid, sizeof mid - 1) != 0)
		return 1;
	memcpy(out->template_id, p, (size_t)(q - p));
	out->template_id[q - p] = '\0';
	q += sizeof mid - 1;
	if (end - q < 2 || end - q > 11 || end[-1] != '}' || (*q == '0' && end - q > 2))
		return 1;
	for (; q < end - 1; q++) {
		if (*q < '0' || *q > '9')
			return 1;
		ver = ver * 10 + (*q - '0');
	}
	if (ver > 1000000000)
		return 1;
	out->template_version = (int)ver;
	return 0;
}

/* The copies and the shapes fc_record_from_body() requires of the rest. */
static int
scan_fields(const struct scan *s, struct fc_record *out)
{
	static const struct {
		int member;
		char first;
	} shapes[] = {
	    {M_ANSWERS, '{'}, {M_GRADE, '{'}, {M_HAZARDS, '['}, {M_CORRECTS, '"'}, {M_FOLLOWS, '"'},
	};

	if (scan_copy(&s->top[M_TYPE], 1, out->type, sizeof out->type) != 0 ||
	    scan_copy(&s->top[M_INSPECTOR], 1, out->inspector, sizeof out->inspector) != 0 ||
	    scan_copy(&s->top[M_TIME], 1, out->time, sizeof out->time) != 0 ||
	    scan_copy(&s->top[M_HOUSEHOLD], 0, out->household, sizeof out->household) != 0 ||
	    scan_copy(&s->top[M_OUTCOME], 0, out->outcome, sizeof out->outcome) != 0 ||
	    out->type[0] == '\0' || out->inspector[0] == '\0' ||
	    scan_template(&s->top[M_TEMPLATE], out) != 0)
		return 1;
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		const struct scan_span *v = &s->top[shapes[i].member];
		if (v->p != NULL && v->p[0] != shapes[i].first)
			return 1;
	}
	return 0;
}

int
fc_record_scan_body(const char *body, size_t body_len, struct fc_record_links *links,
		    struct fc_record *copies)
{
	struct scan s;

	memset(&s, 0, sizeof s);
	s.p = body;
	s.end = body + body_len;
	if (body_len == 0 || body[0] != '{' || !fc_utf8_valid(body, body_len, NULL) ||
	    scan_object(&s, 0) != 0 || s.p != s.end)
		return 1;
	if (fc_record_scan_links(body, body_len, links) != 0 || scan_fields(&s, copies) != 0)
		return 1;
	return 0;
}
