/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.c: reading a registry snapshot answer (GET /v1/households
 * ?snapshot=1) without building a JSON tree.
 *
 * A district of 50 000 households is about 5 MB of text, 350 000 strings.
 * jansson made each a string object, pull_row copied it out again and the tree
 * was freed: about a tenth of a first pull's time, and 28 MB of rows held at
 * once. This reader walks the text as server/pull.c writes it and hands the
 * rows over one at a time. Like core/record-scan.c it is a validator, not a
 * second parser with rules of its own: it vouches only for answers exactly in
 * that form, with no escapes in any string and every field fitting its row,
 * and answers 1 for anything else, so the caller parses with jansson as
 * before (which also names what is wrong). tests/unit/test-sync.c holds the
 * two readers to the same rows.
 */
#include <string.h>

#include "core/utf8.h"
#include "sync/snapshot.h"

/* The member names and the "fields" array exactly as the server writes them. */
static const char snap_head[] = "{\"district\":";
static const char snap_fields[] = ",\"fields\":[\"id\",\"district\",\"address\",\"resident\","
				  "\"phone\",\"kind\",\"last_check\"],\"rows\":[";
static const char snap_cursor[] = "],\"cursor\":";
static const char snap_more[] = ",\"more\":";

struct snap {
	const char *p, *end;
};

static int
snap_lit(struct snap *s, const char *lit, size_t len)
{
	if ((size_t)(s->end - s->p) < len || memcmp(s->p, lit, len) != 0)
		return 1;
	s->p += len;
	return 0;
}

/*
 * A string without escapes or control characters into dst[size] (dst NULL:
 * only skipped); too long for dst is not ours to cut.
 */
static int
snap_string(struct snap *s, char *dst, size_t size)
{
	const char *q;

	if (s->p >= s->end || *s->p != '"')
		return 1;
	for (q = s->p + 1; q < s->end && *q != '"'; q++)
		if (*q == '\\' || (unsigned char)*q < 0x20)
			return 1;
	if (q >= s->end)
		return 1;
	size_t len = (size_t)(q - s->p - 1);
	if (dst != NULL) {
		if (len >= size)
			return 1;
		memcpy(dst, s->p + 1, len);
		dst[len] = '\0';
	}
	s->p = q + 1;
	return 0;
}

/* One row: an array of the seven fields, in the order snap_fields names them. */
static int
snap_row(struct snap *s, struct fc_household *h)
{
	char *dst[] = {h->id,	 h->district, h->address,   h->resident,
		       h->phone, h->kind,     h->last_check};
	size_t size[] = {sizeof h->id,	      sizeof h->district, sizeof h->address,
			 sizeof h->resident,  sizeof h->phone,	  sizeof h->kind,
			 sizeof h->last_check};

	if (snap_lit(s, "[", 1) != 0)
		return 1;
	for (size_t f = 0; f < sizeof dst / sizeof dst[0]; f++)
		if ((f > 0 && snap_lit(s, ",", 1) != 0) || snap_string(s, dst[f], size[f]) != 0)
			return 1;
	return snap_lit(s, "]", 1);
}

/*
 * The tail: "cursor" as a plain non-negative integer, "more", the end. JSON
 * has no leading zeros ("08" is not a number to jansson), so neither do we:
 * what we vouch for must be what the parse would read.
 */
static int
snap_tail(struct snap *s, int64_t *cursor, int *more)
{
	int64_t c = 0;
	int digits = 0;

	if (snap_lit(s, snap_cursor, sizeof snap_cursor - 1) != 0)
		return 1;
	if (s->end - s->p >= 2 && s->p[0] == '0' && s->p[1] >= '0' && s->p[1] <= '9')
		return 1;
	/* Past 18 digits the number is not ours (and c * 10 would overflow). */
	for (; s->p < s->end && *s->p >= '0' && *s->p <= '9'; s->p++, digits++) {
		if (digits == 18)
			return 1;
		c = c * 10 + (*s->p - '0');
	}
	if (digits == 0 || snap_lit(s, snap_more, sizeof snap_more - 1) != 0)
		return 1;
	if (snap_lit(s, "true", 4) == 0)
		*more = 1;
	else if (snap_lit(s, "false", 5) == 0)
		*more = 0;
	else
		return 1;
	*cursor = c;
	return snap_lit(s, "}", 1) != 0 || s->p != s->end;
}

int
fc_snapshot_read(const char *text, size_t len, fc_household_fn fn, void *ctx, int64_t *cursor,
		 int *more, size_t *rows, struct fc_error *err)
{
	struct snap s = {text, text + len};
	struct fc_household h;

	*rows = 0;
	/* jansson refuses text that is not UTF-8; so, by handing it over, do we. */
	if (!fc_utf8_valid(text, len, NULL) || snap_lit(&s, snap_head, sizeof snap_head - 1) != 0 ||
	    snap_string(&s, NULL, 0) != 0 || snap_lit(&s, snap_fields, sizeof snap_fields - 1) != 0)
		return 1;
	while (s.p < s.end && *s.p != ']') {
		if ((*rows > 0 && snap_lit(&s, ",", 1) != 0) || snap_row(&s, &h) != 0)
			return 1;
		if (fn(&h, ctx, err) != 0)
			return -1;
		++*rows;
	}
	return snap_tail(&s, cursor, more);
}
