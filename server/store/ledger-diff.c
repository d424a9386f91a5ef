/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/ledger-diff.c: write only the ledger rows that changed. A push
 * recomputes its household's whole ledger (store/ledger.c), yet most rows
 * of the answer are the ones already kept: rewriting every one of them (and
 * every index of their tables) cost each push work growing with the
 * household's records. So the rows kept are read in one statement, both
 * sides are put in the form the store gives them back (every column as
 * text), and only a row whose key is new (inserted), whose columns differ
 * (deleted and inserted again) or that is no longer computed (deleted) is
 * written. The decision is made here; the SQL only selects and stores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/backend.h"
#include "server/store/ledger-diff.h"

#define LROW_COLS 18 /* a programme row's, the widest */
#define LROW_KEYS 3  /* a hazard's key, the longest */

/* A kind's columns in all and in its key, and the statement deleting one. */
static const struct {
	char kind;
	int cols, keys;
	enum sql_id del;
} lrow_kinds[] = {
    {'h', 17, 3, SQL_LEDGER_DEL_HAZARD},
    {'p', 18, 2, SQL_LEDGER_DEL_PROGRAMME},
    {'v', 12, 1, SQL_LEDGER_DEL_VERSION},
};

static int
lrow_kind(char kind)
{
	for (int i = 0; i < 3; i++)
		if (lrow_kinds[i].kind == kind)
			return i;
	return -1;
}

/* n in decimal and ':' at out; returns the bytes written (not snprintf: a row packs 18). */
static size_t
lrow_len_prefix(char *out, size_t n)
{
	char digits[24];
	size_t k = 0, w = 0;

	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	while (k > 0)
		out[w++] = digits[--k];
	out[w++] = ':';
	return w;
}

/*
 * Pack columns into r: each as its length, ':', its bytes and a NUL, so two
 * rows are equal exactly when their packings are, and a key column can be
 * passed on as a C string. keylen covers the key columns.
 */
static int
lrow_pack(struct fc_sledger_row *r, const char *const *col, struct fc_error *err)
{
	int k = lrow_kind(r->kind);
	size_t size = 0, off = 0;

	for (int i = 0; i < lrow_kinds[k].cols; i++)
		size += strlen(col[i]) + 24;
	if ((r->text = malloc(size)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory comparing the ledger");
	for (int i = 0; i < lrow_kinds[k].cols; i++) {
		size_t n = strlen(col[i]);

		off += lrow_len_prefix(r->text + off, n);
		if (i < LROW_KEYS)
			r->key[i] = off;
		memcpy(r->text + off, col[i], n + 1);
		off += n + 1;
		if (i + 1 == lrow_kinds[k].keys)
			r->keylen = off;
	}
	r->len = off;
	return 0;
}

static int
lrows_room(struct fc_sledger_rows *rs, struct fc_error *err)
{
	struct fc_sledger_row *v;
	size_t cap = rs->cap ? rs->cap * 2 : 16;

	if (rs->n < rs->cap)
		return 0;
	if ((v = realloc(rs->v, cap * sizeof *v)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory comparing the ledger");
	rs->v = v;
	rs->cap = cap;
	return 0;
}

/* Append a row of kind with its columns. */
static int
lrows_add(struct fc_sledger_rows *rs, char kind, const char *const *col, struct fc_error *err)
{
	struct fc_sledger_row *r;

	if (lrows_room(rs, err) != 0)
		return -1;
	r = &rs->v[rs->n];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	if (lrow_pack(r, col, err) != 0)
		return -1;
	rs->n++;
	return 0;
}

int
fc_sledger_add_hazard(struct fc_sledger_rows *rs, const struct fc_sledger_hazard *h,
		      struct fc_error *err)
{
	char n[16];
	const char *col[] = {
	    h->household, h->programme,	       h->item,	  h->district, h->record, h->root,
	    h->inspector, h->severity,	       h->note,	  h->rule,     h->found,  h->status,
	    h->closed_by, h->closed_inspector, h->closed, h->deadline, n};

	snprintf(n, sizeof n, "%d", h->followups);
	if (lrows_add(rs, 'h', col, err) != 0)
		return -1;
	rs->v[rs->n - 1].row.h = *h;
	snprintf(rs->v[rs->n - 1].deadline, sizeof rs->v[0].deadline, "%s", h->deadline);
	return 0;
}

int
fc_sledger_add_programme(struct fc_sledger_rows *rs, const struct fc_sledger_programme *p,
			 struct fc_error *err)
{
	char n[7][16];
	const int num[] = {p->months,	 p->finding,	 p->visits,	 p->revisit,
			   p->escalated, p->inspections, p->visits_total};
	const char *col[] = {p->household,
			     p->programme,
			     p->district,
			     p->last,
			     p->last_date,
			     p->due,
			     p->outcome,
			     p->grade,
			     p->visit,
			     p->visit_date,
			     p->visit_outcome,
			     n[0],
			     n[1],
			     n[2],
			     n[3],
			     n[4],
			     n[5],
			     n[6]};

	for (int i = 0; i < 7; i++)
		snprintf(n[i], sizeof n[i], "%d", num[i]);
	if (lrows_add(rs, 'p', col, err) != 0)
		return -1;
	rs->v[rs->n - 1].row.p = *p;
	return 0;
}

int
fc_sledger_add_version(struct fc_sledger_rows *rs, const struct fc_sledger_version *v,
		       struct fc_error *err)
{
	char n[16];
	const char *col[] = {v->id,	   v->household, v->district,  v->root,
			     v->current,   v->kind,	 v->inspector, v->day,
			     v->programme, v->outcome,	 v->grade,     n};

	snprintf(n, sizeof n, "%d", v->conflict);
	if (lrows_add(rs, 'v', col, err) != 0)
		return -1;
	rs->v[rs->n - 1].row.v = *v;
	return 0;
}

void
fc_sledger_rows_release(struct fc_sledger_rows *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].text);
	free(rs->v);
	memset(rs, 0, sizeof *rs);
}

/* A kept row as the store gives it back. */
static void
lrows_kept(const struct fc_sstore_row *row, void *ctx)
{
	struct fc_sledger_rows *rs = ctx;
	const char *col[LROW_COLS];
	char kind = row->text(row, 0)[0];
	int k = lrow_kind(kind);

	if (rs->failed || k < 0)
		return;
	for (int i = 0; i < lrow_kinds[k].cols; i++)
		col[i] = row->text(row, i + 1);
	if (lrows_add(rs, kind, col, &(struct fc_error){0}) != 0)
		rs->failed = 1;
}

/* By kind, then key: an order both lists share, which is all the merge needs. */
static int
lrow_cmp(const void *pa, const void *pb)
{
	const struct fc_sledger_row *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	c = memcmp(a->text, b->text, a->keylen < b->keylen ? a->keylen : b->keylen);
	if (c != 0)
		return c;
	return a->keylen < b->keylen ? -1 : a->keylen > b->keylen;
}

static int
lrow_del(struct fc_sstore *st, const struct fc_sledger_row *r, struct fc_error *err)
{
	int k = lrow_kind(r->kind);
	const char *key[LROW_KEYS];

	for (int i = 0; i < lrow_kinds[k].keys; i++)
		key[i] = r->text + r->key[i];
	return st->ops->ledger_del(st, lrow_kinds[k].del, key, lrow_kinds[k].keys, err);
}

static int
lrow_put(struct fc_sstore *st, const struct fc_sledger_row *r, struct fc_error *err)
{
	if (r->kind == 'h') {
		struct fc_sledger_hazard h = r->row.h;

		h.deadline = r->deadline; /* the array may have moved since it was added */
		return st->ops->ledger_hazard(st, &h, err);
	}
	if (r->kind == 'p')
		return st->ops->ledger_programme(st, &r->row.p, err);
	return st->ops->ledger_version(st, &r->row.v, err);
}

/* Walk both sorted lists: write what is new or different, delete what is gone. */
static int
lrows_merge(struct fc_sstore *st, struct fc_sledger_rows *now, const struct fc_sledger_rows *kept,
	    struct fc_error *err)
{
	size_t i = 0, j = 0;
	int ret = 0;

	while (ret == 0 && (i < now->n || j < kept->n)) {
		int c = i == now->n ? 1 : j == kept->n ? -1 : lrow_cmp(&now->v[i], &kept->v[j]);

		if (c > 0) {
			ret = lrow_del(st, &kept->v[j++], err);
			now->deleted++;
		} else if (c < 0) {
			ret = lrow_put(st, &now->v[i++], err);
			now->written++;
		} else if (now->v[i].len != kept->v[j].len ||
			   memcmp(now->v[i].text, kept->v[j].text, now->v[i].len) != 0) {
			if ((ret = lrow_del(st, &kept->v[j++], err)) == 0)
				ret = lrow_put(st, &now->v[i++], err);
			now->written++;
		} else {
			i++;
			j++;
		}
	}
	return ret;
}

int
fc_sledger_write(struct fc_sstore *st, const char *household, struct fc_sledger_rows *now,
		 struct fc_error *err)
{
	struct fc_sledger_rows kept = {0};
	struct fc_sstore_param p[] = {{household, 0}};
	int ret;

	if (st->ops->rows(st, SQL_LEDGER_ROWS, p, 1, lrows_kept, &kept, err) != 0) {
		fc_sledger_rows_release(&kept);
		return -1;
	}
	if (kept.failed) {
		fc_sledger_rows_release(&kept);
		return fc_error_set(err, FC_E_NOMEM, "out of memory comparing the ledger");
	}
	if (now->n > 1)
		qsort(now->v, now->n, sizeof *now->v, lrow_cmp);
	if (kept.n > 1)
		qsort(kept.v, kept.n, sizeof *kept.v, lrow_cmp);
	ret = lrows_merge(st, now, &kept, err);
	fc_sledger_rows_release(&kept);
	return ret;
}
