/* SPDX-License-Identifier: Apache-2.0 */
/*
 * household-csv.c: turning a registry CSV file into households, refusing the
 * whole file at the first bad row with its line number.
 *
 * Design: libcsv does the RFC 4180 work (quotes, doubled quotes, line breaks
 * inside quotes, CR/LF). libcsv does not count lines, so the input is fed to it
 * one physical line at a time: the line on which a record's first byte is
 * fed is the line that record is reported under, however many lines its
 * quoted fields span. Each finished row is checked here (column count, UTF-8,
 * id, kind, calendar date, lengths, duplicate ids within the file) before the
 * next is read.
 *
 * Not here: saving (fc_store_put_households, one transaction) or deciding what
 * a kind means for due dates (due.c).
 */
#include <libintl.h>
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "household-csv.h"
#include "ids.h"
#include "utf8.h"

#define _(s) gettext(s)

#define CSV_COLUMNS 7

static const char *const csv_columns[CSV_COLUMNS] = {
    "id", "district", "address", "resident", "phone", "kind", "last_check",
};

static const char *const csv_kinds[] = {
    "residential", "catering", "business", "selfbuilt", "rural", NULL,
};

struct csv_state {
	const char *name;
	struct fc_error *err;
	int failed;
	size_t line;	 /* physical line being fed, from 1 */
	size_t rec_line; /* line the current record started on */
	int at_start;	 /* between records */
	int header_seen;
	size_t nfields; /* fields of the current record so far */
	struct fc_buf field[CSV_COLUMNS];
	struct fc_household *rows;
	size_t *lines; /* rec_line of each row */
	size_t count, cap;
	size_t *slots;	       /* id hash set: row index + 1, 0 = empty */
	size_t nslots;	       /* power of two, > 2 * count */
	struct fc_date latest; /* the last last_check there can be: tomorrow */
};

static void
csv_field_cb(void *data, size_t len, void *ctx)
{
	struct csv_state *cs = ctx;

	if (cs->failed)
		return;
	if (cs->nfields < CSV_COLUMNS) {
		struct fc_buf *b = &cs->field[cs->nfields];

		fc_buf_reset(b);
		if (fc_buf_add(b, data != NULL ? data : "", len, cs->err) != 0)
			cs->failed = 1;
	}
	cs->nfields++;
}

static size_t
csv_hash(const char *s)
{
	size_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding id, or the empty slot where it would go. */
static size_t *
csv_slot(struct csv_state *cs, const char *id)
{
	size_t mask = cs->nslots - 1;

	for (size_t i = csv_hash(id) & mask;; i = (i + 1) & mask) {
		size_t *slot = &cs->slots[i];

		if (*slot == 0 || strcmp(cs->rows[*slot - 1].id, id) == 0)
			return slot;
	}
}

/* Make room for one more row and its id in the hash set. */
static int
csv_grow(struct csv_state *cs)
{
	if (cs->count == cs->cap) {
		size_t cap = cs->cap > 0 ? 2 * cs->cap : 256;
		struct fc_household *rows = realloc(cs->rows, cap * sizeof *rows);
		size_t *lines;

		if (rows == NULL)
			return fc_error_set(cs->err, FC_E_NOMEM, _("%s: out of memory"), cs->name);
		cs->rows = rows;
		lines = realloc(cs->lines, cap * sizeof *lines);
		if (lines == NULL)
			return fc_error_set(cs->err, FC_E_NOMEM, _("%s: out of memory"), cs->name);
		cs->lines = lines;
		cs->cap = cap;
	}
	if (2 * (cs->count + 1) >= cs->nslots) {
		size_t nslots = cs->nslots > 0 ? 2 * cs->nslots : 1024;
		size_t *old = cs->slots, nold = cs->nslots;

		cs->slots = calloc(nslots, sizeof *cs->slots);
		if (cs->slots == NULL) {
			cs->slots = old;
			return fc_error_set(cs->err, FC_E_NOMEM, _("%s: out of memory"), cs->name);
		}
		cs->nslots = nslots;
		for (size_t i = 0; i < nold; i++)
			if (old[i] != 0)
				*csv_slot(cs, cs->rows[old[i] - 1].id) = old[i];
		free(old);
	}
	return 0;
}

/* Copy column col into out[size]; fails naming the column when it does not fit. */
static int
csv_take(struct csv_state *cs, int col, char *out, size_t size)
{
	const struct fc_buf *b = &cs->field[col];

	if (b->len >= size)
		return fc_error_set(cs->err, FC_E_INVALID, _("%s:%zu: %s is longer than %zu bytes"),
				    cs->name, cs->rec_line, csv_columns[col], size - 1);
	memcpy(out, b->buf, b->len + 1);
	return 0;
}

static int
csv_check_header(struct csv_state *cs)
{
	for (int i = 0; i < CSV_COLUMNS; i++)
		if (strcmp(cs->field[i].buf, csv_columns[i]) != 0)
			return fc_error_set(cs->err, FC_E_INVALID,
					    _("%s:%zu: the first line must be the header "
					      "id,district,address,resident,phone,kind,last_check"),
					    cs->name, cs->rec_line);
	cs->header_seen = 1;
	return 0;
}

/*
 * An id is matched byte for byte (a record names its household by it), so
 * "H1 " from a spreadsheet would be a second household beside "H1"; and it
 * is shown on screens, notices and in URLs, where a control character has no
 * place. Both are refused at entry, naming the line.
 */
static int
csv_check_id(struct csv_state *cs, const char *id, size_t len)
{
	size_t i = 0, n;
	uint32_t cp, first = 0, last = 0;

	while (i < len) {
		n = fc_utf8_decode(id + i, len - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return fc_error_set(cs->err, FC_E_INVALID,
					    _("%s:%zu: the id holds a control character (a tab, "
					      "line break or escape); write it without"),
					    cs->name, cs->rec_line);
		if (i == 0)
			first = cp;
		last = cp;
		i += n;
	}
	if (first == ' ' || first == 0x3000 || last == ' ' || last == 0x3000)
		return fc_error_set(cs->err, FC_E_INVALID,
				    _("%s:%zu: id '%s' begins or ends with a space; write it "
				      "without, or it names another household"),
				    cs->name, cs->rec_line, id);
	return 0;
}

static int
csv_take_row(struct csv_state *cs)
{
	struct fc_household *h;
	struct fc_date date;
	size_t *slot;
	int known = 0;

	for (int i = 0; i < CSV_COLUMNS; i++) {
		const struct fc_buf *b = &cs->field[i];

		if (!fc_utf8_valid(b->buf, b->len, NULL) || memchr(b->buf, '\0', b->len) != NULL)
			return fc_error_set(cs->err, FC_E_INVALID,
					    _("%s:%zu: %s is not valid UTF-8"), cs->name,
					    cs->rec_line, csv_columns[i]);
	}
	if (cs->field[0].len == 0)
		return fc_error_set(cs->err, FC_E_INVALID, _("%s:%zu: id is empty"), cs->name,
				    cs->rec_line);
	if (csv_check_id(cs, cs->field[0].buf, cs->field[0].len) != 0)
		return -1;
	/* A district id goes to URLs, logs and listings: its set is checked here, at entry. */
	if (fc_id_check_district(cs->field[1].buf, cs->err) != 0)
		return fc_error_prefix(cs->err, "%s:%zu", cs->name, cs->rec_line);
	for (const char *const *k = csv_kinds; *k != NULL; k++)
		known |= strcmp(cs->field[5].buf, *k) == 0;
	if (!known)
		return fc_error_set(
		    cs->err, FC_E_INVALID,
		    _("%s:%zu: kind '%s' is not one of residential, catering, business, selfbuilt, "
		      "rural"),
		    cs->name, cs->rec_line, cs->field[5].buf);
	if (cs->field[6].len > 0 && fc_date_parse(cs->field[6].buf, &date) != 0)
		return fc_error_set(
		    cs->err, FC_E_INVALID,
		    _("%s:%zu: last_check '%s' is not a date (YYYY-MM-DD, or empty)"), cs->name,
		    cs->rec_line, cs->field[6].buf);
	/*
	 * A check that has not happened yet (2062 typed for 2026) would keep the
	 * household off every due list for decades, and the registry's date is
	 * a floor a later import cannot lower (store.c). A day's grace for an
	 * office a time zone ahead.
	 */
	if (cs->field[6].len > 0 && fc_date_cmp(date, cs->latest) > 0)
		return fc_error_set(cs->err, FC_E_INVALID,
				    _("%s:%zu: last_check '%s' is in the future; give the day of "
				      "the last check made, or leave it empty"),
				    cs->name, cs->rec_line, cs->field[6].buf);
	if (csv_grow(cs) != 0)
		return -1;
	h = &cs->rows[cs->count];
	memset(h, 0, sizeof *h);
	if (csv_take(cs, 0, h->id, sizeof h->id) != 0 ||
	    csv_take(cs, 1, h->district, sizeof h->district) != 0 ||
	    csv_take(cs, 2, h->address, sizeof h->address) != 0 ||
	    csv_take(cs, 3, h->resident, sizeof h->resident) != 0 ||
	    csv_take(cs, 4, h->phone, sizeof h->phone) != 0 ||
	    csv_take(cs, 5, h->kind, sizeof h->kind) != 0 ||
	    csv_take(cs, 6, h->last_check, sizeof h->last_check) != 0)
		return -1;
	slot = csv_slot(cs, h->id);
	if (*slot != 0)
		return fc_error_set(cs->err, FC_E_INVALID,
				    _("%s:%zu: id '%s' is already on line %zu"), cs->name,
				    cs->rec_line, h->id, cs->lines[*slot - 1]);
	cs->lines[cs->count] = cs->rec_line;
	cs->count++;
	*slot = cs->count;
	return 0;
}

static void
csv_record_cb(int c, void *ctx)
{
	struct csv_state *cs = ctx;

	(void)c;
	cs->at_start = 1;
	if (cs->failed)
		return;
	if (cs->nfields != CSV_COLUMNS) {
		fc_error_set(cs->err, FC_E_INVALID, _("%s:%zu: %zu columns, expected %d"), cs->name,
			     cs->rec_line, cs->nfields, CSV_COLUMNS);
		cs->failed = 1;
	} else if ((cs->header_seen ? csv_take_row(cs) : csv_check_header(cs)) != 0) {
		cs->failed = 1;
	}
	cs->nfields = 0;
}

/* 1 if line (with its line end) holds nothing at all: libcsv skips it. */
static int
csv_blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != '\r' && line[i] != '\n')
			return 0;
	return 1;
}

int
fc_household_csv_parse(const char *name, const char *data, size_t len, struct fc_household **rows,
		       size_t *count, struct fc_error *err)
{
	struct csv_parser p;
	struct csv_state cs = {.name = name, .err = err, .line = 1, .rec_line = 1, .at_start = 1};
	size_t off = 0;
	int ret = -1;

	cs.latest = fc_date_add_days(fc_date_today(), 1);
	*rows = NULL;
	*count = 0;
	for (int i = 0; i < CSV_COLUMNS; i++)
		fc_buf_init(&cs.field[i]);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), name);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		off = 3; /* a byte-order mark, as spreadsheet programs write */

	while (off < len && !cs.failed) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = nl != NULL ? (size_t)(nl - (data + off)) + 1 : len - off;

		if (cs.at_start) {
			if (csv_blank(data + off, n)) {
				off += n;
				cs.line++;
				continue;
			}
			cs.rec_line = cs.line;
			cs.at_start = 0;
		}
		if (csv_parse(&p, data + off, n, csv_field_cb, csv_record_cb, &cs) != n &&
		    !cs.failed) {
			fc_error_set(
			    err, FC_E_INVALID, "%s:%zu: %s", cs.name, cs.line,
			    csv_error(&p) == CSV_EPARSE
				? _("a quote inside a field that is not quoted, or text after a "
				    "closing quote (write a quote in a quoted field as \"\")")
				: _("out of memory"));
			cs.failed = 1;
		}
		off += n;
		cs.line++;
	}
	if (!cs.failed && csv_fini(&p, csv_field_cb, csv_record_cb, &cs) != 0 && !cs.failed) {
		fc_error_set(err, FC_E_INVALID, _("%s:%zu: a quoted field is never closed"),
			     cs.name, cs.rec_line);
		cs.failed = 1;
	}
	if (!cs.failed && !cs.header_seen) {
		fc_error_set(err, FC_E_INVALID,
			     _("%s: the file is empty; the first line must be the header "
			       "id,district,address,resident,phone,kind,last_check"),
			     name);
		cs.failed = 1;
	}
	if (!cs.failed) {
		*rows = cs.rows;
		*count = cs.count;
		cs.rows = NULL;
		ret = 0;
	}
	csv_free(&p);
	for (int i = 0; i < CSV_COLUMNS; i++)
		fc_buf_release(&cs.field[i]);
	free(cs.rows);
	free(cs.lines);
	free(cs.slots);
	return ret;
}

int
fc_household_csv_read(const char *path, struct fc_household **rows, size_t *count,
		      struct fc_error *err)
{
	struct fc_buf data = FC_BUF_INIT;
	char chunk[65536];
	FILE *f;
	size_t n;
	int ret = -1;

	*rows = NULL;
	*count = 0;
	f = fopen(path, "rb");
	if (f == NULL)
		return fc_error_set(err, errno == ENOENT ? FC_E_NOTFOUND : FC_E_IO, "%s: %s", path,
				    strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fc_buf_add(&data, chunk, n, err) != 0)
			goto out;
	if (ferror(f)) {
		fc_error_set(err, FC_E_IO, _("%s: cannot read: %s"), path, strerror(errno));
		goto out;
	}
	ret = fc_household_csv_parse(path, data.buf, data.len, rows, count, err);
out:
	fclose(f);
	fc_buf_release(&data);
	return ret;
}

int
fc_household_csv_import(struct fc_store *st, const char *path, size_t *count, struct fc_error *err)
{
	struct fc_household *rows = NULL;
	size_t n = 0;
	int ret;

	if (fc_household_csv_read(path, &rows, &n, err) != 0)
		return -1;
	ret = fc_store_put_households(st, rows, n, err);
	if (ret != 0)
		fc_error_prefix(err, "%s", path);
	else if (count != NULL)
		*count = n;
	free(rows);
	return ret;
}
