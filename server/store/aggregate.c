/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/aggregate.c: the summary's counters (core/aggregate.h;
 * schema/server/0007-aggregates.sql). When the ledger recomputes a
 * household (store/ledger.c), its counters are computed by core/aggregate.c,
 * compared with the ones kept for it, and the change waits in the handle
 * until commit, where it is added to the totals in key order: after every
 * household lock of the transaction, so two PostgreSQL processes never wait
 * on each other in a circle. Totals that reach 0 are deleted, so a recount
 * from scratch gives the very same rows. The SQL only stores and sums.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/record.h"
#include "server/store/backend.h"

static void
agg_text(const struct fc_sstore_row *r, void *ctx)
{
	char **out = ctx;

	free(*out);
	*out = strdup(r->text(r, 0));
}

/* The counters kept for household into *out (empty when none). */
static int
agg_part_get(struct fc_sstore *st, const char *household, struct fc_agg *out, struct fc_error *err)
{
	struct fc_sstore_param p[] = {{household, 0}};
	char *text = NULL;
	int ret;

	if (st->ops->rows(st, SQL_AGG_PART_GET, p, 1, agg_text, &text, err) != 0)
		return -1;
	ret = text != NULL ? fc_agg_decode(text, out, err) : 0;
	free(text);
	return ret;
}

struct agg_load_zero {
	struct fc_agg *out;
	int failed;
};

static int
agg_part_put(struct fc_sstore *st, const char *household, const struct fc_agg *a,
	     struct fc_error *err)
{
	struct fc_sstore_param p[] = {{household, 0}, {NULL, 0}};
	char *text = NULL;
	int ret;

	/* No row function: nothing to read back, so PostgreSQL need not answer before the next
	 * read. */
	if (a->n == 0)
		return st->ops->rows(st, SQL_AGG_PART_DEL, p, 1, NULL, NULL, err);
	if (fc_agg_encode(a, &text, err) != 0)
		return -1;
	p[1].text = text;
	ret = st->ops->rows(st, SQL_AGG_PART_PUT, p, 2, NULL, NULL, err);
	free(text);
	return ret;
}

int
fc_sstore_agg_household(struct fc_sstore *st, const char *household,
			const struct fc_ledger_state *s, const struct fc_ledger_entry *e, size_t n,
			const char *district, const char *kind, struct fc_error *err)
{
	struct fc_agg before = {0}, now = {0};
	size_t pending = st->agg.n;
	int ret = -1;

	if (fc_agg_household(s, e, n, district, kind, &now, err) == 0 &&
	    agg_part_get(st, household, &before, err) == 0) {
		fc_agg_prune(&before);
		if (before.n == now.n &&
		    (now.n == 0 || memcmp(before.r, now.r, now.n * sizeof *now.r) == 0))
			ret = 0; /* the usual case for a household a push did not change */
		else if (fc_agg_diff(&before, &now, &st->agg, err) == 0 &&
			 agg_part_put(st, household, &now, err) == 0)
			ret = 0;
	}
	if (ret != 0)
		st->agg.n = pending;
	fc_agg_release(&before);
	fc_agg_release(&now);
	return ret;
}

int
fc_sstore_agg_record(struct fc_sstore *st, const char *type, const char *district,
		     const char *inspector, const char *day, int64_t device_rowid, time_t now,
		     struct fc_error *err)
{
	char device[24], received[11];

	snprintf(device, sizeof device, "%lld", (long long)device_rowid);
	fc_date_local_day(now, 0, received);
	return fc_agg_record(type, district, inspector, day, 1, &st->agg, err) ||
		       fc_agg_received(district, device, received, 1, &st->agg, err)
		   ? -1
		   : 0;
}

/* Keys whose total reached 0, for deleting. */
static void
agg_zero(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_load_zero *z = ctx;
	struct fc_error ignored = {0};

	if (strtoll(r->text(r, 5), NULL, 10) == 0 &&
	    fc_agg_add(z->out, r->text(r, 0), r->text(r, 1), r->text(r, 2), r->text(r, 3),
		       r->text(r, 4), 0, &ignored) != 0)
		z->failed = 1;
}

/* Add rows [from, to) of a to the totals in one statement; their zero totals into zero. */
static int
agg_add_many(struct fc_sstore *st, const struct fc_agg *a, size_t from, size_t to,
	     struct agg_load_zero *zero, struct fc_error *err)
{
	json_t *list = json_array();
	char *text = NULL;
	int ret = -1;

	for (size_t i = from; list != NULL && i < to; i++) {
		const struct fc_agg_row *r = &a->r[i];

		if (json_array_append_new(list, json_pack("[s,s,s,s,s,I]", r->by, r->grp, r->metric,
							  r->sub, r->day, (json_int_t)r->n)) != 0)
			break;
	}
	if (list != NULL && json_array_size(list) == to - from)
		text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	if (text == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory adding the summary counters");
	{
		struct fc_sstore_param p[] = {{text, 0}};

		ret = st->ops->rows(st, SQL_AGG_ADD_MANY, p, 1, agg_zero, zero, err);
	}
	free(text);
	return ret;
}

#define AGG_ADD_CHUNK 2000 /* counters a statement adds */

/* Add rows [from, to) of a to the totals, one statement each (SQLite). */
static int
agg_add_each(struct fc_sstore *st, const struct fc_agg *a, size_t from, size_t to,
	     struct agg_load_zero *zero, struct fc_error *err)
{
	for (size_t i = from; i < to; i++) {
		const struct fc_agg_row *r = &a->r[i];
		struct fc_sstore_param p[] = {{r->by, 0},  {r->grp, 0}, {r->metric, 0},
					      {r->sub, 0}, {r->day, 0}, {NULL, r->n}};

		if (st->ops->rows(st, SQL_AGG_ADD_ONE, p, 6, agg_zero, zero, err) != 0)
			return -1;
	}
	return 0;
}

int
fc_sstore_agg_flush(struct fc_sstore *st, struct fc_error *err)
{
	struct fc_agg zeros = {0};
	struct agg_load_zero z = {&zeros, 0};
	int ret = 0;

	fc_agg_prune(&st->agg);
	/* On PostgreSQL one statement per chunk, not per counter: a round trip each. */
	for (size_t i = 0; ret == 0 && i < st->agg.n; i += AGG_ADD_CHUNK)
		ret = (st->ops->statement_per_row ? agg_add_each : agg_add_many)(
		    st, &st->agg, i, i + AGG_ADD_CHUNK < st->agg.n ? i + AGG_ADD_CHUNK : st->agg.n,
		    &z, err);
	if (ret == 0 && z.failed)
		ret = fc_error_set(err, FC_E_NOMEM, "out of memory adding the summary counters");
	for (size_t i = 0; ret == 0 && i < zeros.n; i++) {
		const struct fc_agg_row *a = &zeros.r[i];
		struct fc_sstore_param p[] = {
		    {a->by, 0}, {a->grp, 0}, {a->metric, 0}, {a->sub, 0}, {a->day, 0}};

		ret = st->ops->rows(st, SQL_AGG_DROP, p, 5, NULL, NULL, err);
	}
	fc_agg_release(&zeros);
	fc_sstore_agg_forget(st);
	return ret != 0 ? fc_error_prefix(err, "summary counters") : 0;
}

void
fc_sstore_agg_forget(struct fc_sstore *st)
{
	st->agg.n = 0;
}

/* Reading */

struct agg_read {
	struct fc_agg *out;
	const char *by, *metric;
	int failed;
};

static void
agg_read_row(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_read *c = ctx;
	struct fc_error ignored = {0};

	if (fc_agg_add(c->out, c->by, r->text(r, 0), c->metric, r->text(r, 1), "",
		       strtoll(r->text(r, 2), NULL, 10), &ignored) != 0)
		c->failed = 1;
}

/* Sums of metric per (group, sub) over its ranges, by district or inspector, into out. */
static int
agg_read(struct fc_sstore *st, const char *by, const char *metric, const char *since,
	 const char *today, struct fc_agg *out, struct fc_error *err)
{
	struct fc_agg_range rg[2];
	int nr = fc_agg_ranges(metric, since, today, rg);
	struct agg_read c = {out, by, metric, 0};

	for (int i = 0; i < nr; i++) {
		struct fc_sstore_param p[] = {
		    {by, 0}, {rg[i].metric, 0}, {rg[i].lo, 0}, {rg[i].hi, 0}};

		if (st->ops->rows(st, SQL_AGG_READ, p, 4, agg_read_row, &c, err) != 0)
			return -1;
	}
	if (c.failed)
		return fc_error_set(err, FC_E_NOMEM, "out of memory reading the summary");
	return 0;
}

/* An inspector's own districts ("*" or a comma list) for the due count by inspector. */
struct agg_holders {
	const struct fc_agg *districts;
	struct fc_agg *out;
	int failed;
};

static void
agg_holder(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_holders *c = ctx;
	struct fc_error ignored = {0};

	for (size_t i = 0; i < c->districts->n; i++) {
		const struct fc_agg_row *d = &c->districts->r[i];

		if (fc_id_districts_have(r->text(r, 1), d->grp) &&
		    fc_agg_add(c->out, FC_AGG_BY_INSPECTOR, r->text(r, 0), d->metric, "", "", d->n,
			       &ignored) != 0)
			c->failed = 1;
	}
}

/* Households are counted by district; an inspector counts those of every district they hold. */
static int
agg_read_due(struct fc_sstore *st, const char *by, const char *today, struct fc_agg *out,
	     struct fc_error *err)
{
	struct fc_agg districts = {0};
	struct agg_holders c = {&districts, out, 0};
	int ret;

	if (strcmp(by, FC_AGG_BY_INSPECTOR) != 0)
		return agg_read(st, by, FC_AGG_DUE, "", today, out, err);
	ret = agg_read(st, FC_AGG_BY_DISTRICT, FC_AGG_DUE, "", today, &districts, err);
	if (ret == 0)
		ret = st->ops->rows(st, SQL_AGG_INSPECTORS, NULL, 0, agg_holder, &c, err);
	fc_agg_release(&districts);
	if (ret == 0 && c.failed)
		ret = fc_error_set(err, FC_E_NOMEM, "out of memory reading the summary");
	return ret;
}

/* By group, then the largest count first, then sub. */
static int
agg_cmp_read(const void *a, const void *b)
{
	const struct fc_agg_row *x = a, *y = b;
	int c = strcmp(x->grp, y->grp);

	if (c != 0)
		return c;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->sub, y->sub);
}

int
fc_sstore_aggregate(struct fc_sstore *st, const char *by, const char *metric, const char *since,
		    const char *today, fc_sagg_fn fn, void *ctx, struct fc_error *err)
{
	struct fc_agg out = {0};
	int ret;

	if (strcmp(by, FC_AGG_BY_INSPECTOR) != 0)
		by = FC_AGG_BY_DISTRICT;
	if (strcmp(metric, FC_AGG_DUE) == 0)
		ret = agg_read_due(st, by, today, &out, err);
	else
		ret = agg_read(st, by, metric, since, today, &out, err);
	if (ret == 0) {
		fc_agg_prune(&out);
		if (out.n > 1)
			qsort(out.r, out.n, sizeof *out.r, agg_cmp_read);
		for (size_t i = 0; i < out.n; i++)
			if (out.r[i].n != 0)
				fn(out.r[i].grp, out.r[i].sub, out.r[i].n, ctx);
	}
	fc_agg_release(&out);
	return ret;
}
