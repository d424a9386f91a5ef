/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/aggregate-rebuild.c: recounting the summary's counters from the
 * records (`fieldcheck-server rebuild-aggregates`, and once after the 0007
 * migration): every household's ledger is computed again from the records'
 * bodies (and the ledger entries kept beside them put right), which keeps its
 * counters (store/aggregate.c) from nothing, and follow-ups are counted per
 * record; then the result is compared with what was kept before.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/record.h"
#include "server/store/backend.h"

#define _(s) gettext(s)

static void
agg_skip(const struct fc_sstore_row *r, void *ctx)
{
	(void)r;
	(void)ctx;
}

struct agg_ids {
	char **v;
	size_t n, cap;
	int failed;
};

static void
agg_id(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_ids *ids = ctx;

	if (ids->failed)
		return;
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 256;
		char **p = realloc(ids->v, cap * sizeof *p);

		if (p == NULL) {
			ids->failed = 1;
			return;
		}
		ids->v = p;
		ids->cap = cap;
	}
	if ((ids->v[ids->n] = strdup(r->text(r, 0))) == NULL)
		ids->failed = 1;
	else
		ids->n++;
}

static void
agg_ids_free(struct agg_ids *ids)
{
	for (size_t i = 0; i < ids->n; i++)
		free(ids->v[i]);
	free(ids->v);
}

struct agg_load {
	struct fc_agg *out;
	int failed;
};

/* A row of the totals (dim, grp, metric, sub, day, n). */
static void
agg_all_row(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_load *c = ctx;
	struct fc_error ignored = {0};

	if (fc_agg_add(c->out, r->text(r, 0), r->text(r, 1), r->text(r, 2), r->text(r, 3),
		       r->text(r, 4), strtoll(r->text(r, 5), NULL, 10), &ignored) != 0)
		c->failed = 1;
}

/* Follow-ups per (district, inspector, day) with their count. */
static void
agg_followups_row(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_load *c = ctx;
	struct fc_error ignored = {0};

	if (fc_agg_record(FC_TYPE_FOLLOWUP, r->text(r, 0), r->text(r, 1), r->text(r, 2),
			  strtoll(r->text(r, 3), NULL, 10), c->out, &ignored) != 0)
		c->failed = 1;
}

/*
 * Records per (district, device, minute received), the minute as minutes
 * since 1970, counted under the local day that minute falls on: the day a
 * record arriving is counted under (fc_sstore_agg_record()).
 */
static void
agg_received_row(const struct fc_sstore_row *r, void *ctx)
{
	struct agg_load *c = ctx;
	struct fc_error ignored = {0};
	char day[11];

	fc_date_local_day((time_t)(strtoll(r->text(r, 2), NULL, 10) * 60), 0, day);
	if (fc_agg_received(r->text(r, 0), r->text(r, 1), day, strtoll(r->text(r, 3), NULL, 10),
			    c->out, &ignored) != 0)
		c->failed = 1;
}

static int
agg_load_all(struct fc_sstore *st, struct fc_agg *out, struct fc_error *err)
{
	struct agg_load c = {out, 0};

	if (st->ops->rows(st, SQL_AGG_ALL, NULL, 0, agg_all_row, &c, err) != 0)
		return -1;
	if (c.failed)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory reading the counters"));
	fc_agg_prune(out);
	return 0;
}

/* Count the rows that differ between a and b (both pruned), naming the first. */
static int64_t
agg_compare(const struct fc_agg *a, const struct fc_agg *b, char *first, size_t size)
{
	size_t i = 0, j = 0;
	int64_t differ = 0;

	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 : fc_agg_cmp(&a->r[i], &b->r[j]);
		const struct fc_agg_row *r = c <= 0 ? &a->r[i] : &b->r[j];
		int64_t was = c <= 0 ? a->r[i].n : 0, is = c >= 0 ? b->r[j].n : 0;

		if (was != is && differ++ == 0)
			snprintf(first, size, "%s %s %s %s %s: kept %lld, recounted %lld", r->by,
				 r->grp, r->metric, r->sub[0] ? r->sub : "-",
				 r->day[0] ? r->day : "-", (long long)was, (long long)is);
		i += c <= 0;
		j += c >= 0;
	}
	return differ;
}

static int
agg_recount_all(struct fc_sstore *st, struct agg_ids *ids, struct fc_error *err)
{
	struct fc_sstore_param type[] = {{FC_TYPE_FOLLOWUP, 0}};
	struct agg_load c = {&st->agg, 0};

	if (st->ops->rows(st, SQL_AGG_CLEAR, NULL, 0, agg_skip, NULL, err) != 0 ||
	    st->ops->rows(st, SQL_AGG_CLEAR_PARTS, NULL, 0, agg_skip, NULL, err) != 0)
		return -1;
	fc_sstore_agg_forget(st);
	if (st->ops->rows(st, SQL_AGG_HOUSEHOLDS, NULL, 0, agg_id, ids, err) != 0)
		return -1;
	if (ids->failed)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory recounting the summary"));
	/* From the bodies themselves: what was kept beside them is checked too. */
	st->ledger_reparse = 1;
	for (size_t i = 0; i < ids->n; i++)
		if (fc_sstore_ledger_household(st, ids->v[i], err) != 0) {
			st->ledger_reparse = 0;
			return fc_error_prefix(err, _("household %s"), ids->v[i]);
		}
	st->ledger_reparse = 0;
	if (st->ops->rows(st, SQL_AGG_RECORDS, type, 1, agg_followups_row, &c, err) != 0 ||
	    st->ops->rows(st, SQL_AGG_RECEIVED, NULL, 0, agg_received_row, &c, err) != 0)
		return -1;
	if (c.failed)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory recounting the summary"));
	return fc_sstore_agg_flush(st, err);
}

/* Inside the caller's transaction. */
static int
agg_recount(struct fc_sstore *st, struct fc_sagg_report *rep, struct fc_error *err)
{
	struct fc_agg before = {0}, after = {0};
	struct agg_ids ids = {0};
	int ret = -1;

	memset(rep, 0, sizeof *rep);
	if (agg_load_all(st, &before, err) == 0 && agg_recount_all(st, &ids, err) == 0 &&
	    agg_load_all(st, &after, err) == 0) {
		rep->households = (int64_t)ids.n;
		rep->rows = (int64_t)after.n;
		rep->differ = agg_compare(&before, &after, rep->first, sizeof rep->first);
		ret = 0;
	}
	agg_ids_free(&ids);
	fc_agg_release(&before);
	fc_agg_release(&after);
	return ret;
}

int
fc_sstore_rebuild_aggregates(struct fc_sstore *st, int check, struct fc_sagg_report *rep,
			     struct fc_error *err)
{
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (st->ops->ledger_lock(st, NULL, err) != 0 ||
	    st->ops->rows(st, SQL_AGG_LOCK, NULL, 0, agg_skip, NULL, err) != 0 ||
	    agg_recount(st, rep, err) != 0) {
		fc_sstore_rollback(st);
		return fc_error_prefix(err, "%s", _("recounting the summary"));
	}
	if (check) {
		fc_sstore_rollback(st);
		return 0;
	}
	return fc_sstore_commit(st, err);
}

static void
agg_found(const struct fc_sstore_row *r, void *ctx)
{
	(void)r;
	*(int *)ctx = 1;
}

int
fc_sstore_agg_pending(struct fc_sstore *st, struct fc_error *err)
{
	struct fc_sagg_report rep;
	int pending = 0;

	/* Almost always nothing to do: look before taking the write lock. */
	if (st->ops->rows(st, SQL_AGG_PENDING, NULL, 0, agg_found, &pending, err) != 0)
		return -1;
	if (!pending)
		return 0;
	pending = 0;
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (st->ops->ledger_lock(st, NULL, err) != 0 ||
	    st->ops->rows(st, SQL_AGG_LOCK, NULL, 0, agg_skip, NULL, err) != 0 ||
	    st->ops->rows(st, SQL_AGG_PENDING, NULL, 0, agg_found, &pending, err) != 0 ||
	    (pending &&
	     (agg_recount(st, &rep, err) != 0 ||
	      st->ops->rows(st, SQL_AGG_PENDING_DONE, NULL, 0, agg_skip, NULL, err) != 0))) {
		fc_sstore_rollback(st);
		return -1;
	}
	return fc_sstore_commit(st, err);
}
