/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger-pack.c: a ledger entry as a short text a store keeps beside the
 * record's body, so recomputing a household reads its entries back instead
 * of parsing every body it holds again (issue 20: parsing was most of a
 * push's cost once a household held a few records). The text is derived
 * data, never trusted more than the body it came from: it starts with the
 * format's version, every field is "<length>:<bytes>" (so notes may hold
 * any byte), and anything that does not read back exactly, or names another
 * version, is refused and the caller parses the body instead.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ledger.h"

#define _(s) gettext(s)

static int
pack_str(struct fc_buf *b, const char *s, struct fc_error *err)
{
	size_t n = strlen(s);

	if (fc_buf_addf(b, err, "%zu:", n) != 0)
		return -1;
	return fc_buf_add(b, s, n, err);
}

static int
pack_int(struct fc_buf *b, long v, struct fc_error *err)
{
	char s[24];

	snprintf(s, sizeof s, "%ld", v);
	return pack_str(b, s, err);
}

int
fc_ledger_entry_pack(const struct fc_ledger_entry *e, struct fc_buf *out, struct fc_error *err)
{
	const char *head[] = {e->id,	    e->type,	  e->kind,    e->inspector,
			      e->household, e->programme, e->time,    e->date,
			      e->outcome,   e->grade,	  e->follows, e->corrects};
	int r = fc_buf_adds(out, FC_LEDGER_PACK_VERSION, err);

	for (size_t i = 0; r == 0 && i < sizeof head / sizeof head[0]; i++)
		r = pack_str(out, head[i], err);
	if (r == 0)
		r = pack_int(out, (long)e->n_hazards, err);
	for (size_t i = 0; r == 0 && i < e->n_hazards; i++) {
		const struct fc_ledger_item *h = &e->hazards[i];

		if (pack_str(out, h->item, err) != 0 || pack_str(out, h->severity, err) != 0 ||
		    pack_str(out, h->note, err) != 0 || pack_str(out, h->rule, err) != 0)
			r = -1;
	}
	if (r == 0)
		r = pack_int(out, (long)e->n_results, err);
	for (size_t i = 0; r == 0 && i < e->n_results; i++) {
		const struct fc_ledger_result *x = &e->results[i];

		if (pack_str(out, x->item, err) != 0 || pack_int(out, x->rectified, err) != 0 ||
		    pack_str(out, x->note, err) != 0 || pack_str(out, x->deadline, err) != 0)
			r = -1;
	}
	return r;
}

/* A cursor over packed text; bad is set by the first field that does not fit. */
struct unpack {
	const char *p, *end;
	int bad;
};

/* The next field into out (size bytes with its NUL). */
static void
unpack_str(struct unpack *u, char *out, size_t size)
{
	size_t n = 0;

	if (u->bad)
		return;
	while (u->p < u->end && *u->p >= '0' && *u->p <= '9' && n < 100000)
		n = n * 10 + (size_t)(*u->p++ - '0');
	if (u->p >= u->end || *u->p != ':' || n >= size || (size_t)(u->end - u->p - 1) < n) {
		u->bad = 1;
		return;
	}
	u->p++;
	memcpy(out, u->p, n);
	out[n] = '\0';
	/* A NUL inside would read back shorter than it was written. */
	if (memchr(out, '\0', n) != NULL)
		u->bad = 1;
	u->p += n;
}

static long
unpack_int(struct unpack *u, long max)
{
	char s[24], *end;
	long v;

	unpack_str(u, s, sizeof s);
	if (u->bad)
		return 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || v > max)
		u->bad = 1;
	return v;
}

static void
unpack_items(struct unpack *u, struct fc_ledger_entry *e)
{
	size_t n = (size_t)unpack_int(u, 10000);

	if (!u->bad && n > 0 && (e->hazards = calloc(n, sizeof *e->hazards)) == NULL)
		u->bad = 1;
	for (size_t i = 0; !u->bad && i < n; i++, e->n_hazards++) {
		struct fc_ledger_item *h = &e->hazards[i];

		unpack_str(u, h->item, sizeof h->item);
		unpack_str(u, h->severity, sizeof h->severity);
		unpack_str(u, h->note, sizeof h->note);
		unpack_str(u, h->rule, sizeof h->rule);
	}
	n = (size_t)unpack_int(u, 10000);
	if (!u->bad && n > 0 && (e->results = calloc(n, sizeof *e->results)) == NULL)
		u->bad = 1;
	for (size_t i = 0; !u->bad && i < n; i++, e->n_results++) {
		struct fc_ledger_result *x = &e->results[i];

		unpack_str(u, x->item, sizeof x->item);
		x->rectified = (int)unpack_int(u, 1);
		unpack_str(u, x->note, sizeof x->note);
		unpack_str(u, x->deadline, sizeof x->deadline);
	}
}

int
fc_ledger_entry_unpack(const char *s, size_t len, struct fc_ledger_entry *e, struct fc_error *err)
{
	size_t vlen = strlen(FC_LEDGER_PACK_VERSION);
	struct unpack u = {NULL, NULL, 0};

	memset(e, 0, sizeof *e);
	if (s == NULL || len < vlen || memcmp(s, FC_LEDGER_PACK_VERSION, vlen) != 0)
		return fc_error_set(err, FC_E_INVALID, _("not a ledger entry of this version"));
	u.p = s + vlen;
	u.end = s + len;
	unpack_str(&u, e->id, sizeof e->id);
	unpack_str(&u, e->type, sizeof e->type);
	unpack_str(&u, e->kind, sizeof e->kind);
	unpack_str(&u, e->inspector, sizeof e->inspector);
	unpack_str(&u, e->household, sizeof e->household);
	unpack_str(&u, e->programme, sizeof e->programme);
	unpack_str(&u, e->time, sizeof e->time);
	unpack_str(&u, e->date, sizeof e->date);
	unpack_str(&u, e->outcome, sizeof e->outcome);
	unpack_str(&u, e->grade, sizeof e->grade);
	unpack_str(&u, e->follows, sizeof e->follows);
	unpack_str(&u, e->corrects, sizeof e->corrects);
	unpack_items(&u, e);
	if (u.bad || u.p != u.end) {
		fc_ledger_entry_release(e);
		return fc_error_set(err, FC_E_INVALID,
				    _("a packed ledger entry does not read back"));
	}
	return 0;
}
