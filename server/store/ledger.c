/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/ledger.c: the server's ledger rows, computed by core/ledger.c, the
 * same functions the device store calls, so a device and the server never
 * disagree on what a household's records mean (docs/ledger.md). A
 * household's rows are recomputed from all its stored bodies inside the
 * transaction that stores a record for it, or that changes its kind or
 * district in the registry, so they are always the ledger's answer for the
 * records held; only the rows that differ from the kept ones are written
 * (store/ledger-diff.c); the backends only store and select them.
 *
 * The household's district is the registry's; a household the registry does
 * not know keeps the district its records were filed under. Its intervals
 * are schema/intervals.json with that district's rows, and the registry's
 * last check is the floor under its own programme's last inspection (paper
 * checks before the records began).
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/due.h"
#include "core/ledger.h"
#include "server/store/backend.h"
#include "server/store/ledger-diff.h"

#define _(s) gettext(s)

void
fc_sstore_ledger_release(struct fc_sstore *st)
{
	fc_intervals_cache_free(&st->iv);
}

/* One household's records as the ledger reads them, and where it belongs. */
struct ledger_load {
	struct fc_household hh;
	int registered; /* the registry has it */
	struct fc_ledger_entry *e;
	size_t n, cap;
	char filed[FC_ID_MAX];		     /* the district its records were filed under */
	const struct fc_ledger_entry *known; /* entries the caller already made (a push) */
	size_t nknown;
	/* Entries derived from a body because none was kept (records stored before 0015). */
	size_t *fresh;
	size_t nfresh;
	const struct fc_sstore *st;
};

static void
ledger_load_release(struct ledger_load *l)
{
	for (size_t i = 0; i < l->n; i++)
		fc_ledger_entry_release(&l->e[i]);
	free(l->e);
	free(l->fresh);
	l->e = NULL;
	l->fresh = NULL;
	l->n = l->cap = l->nfresh = 0;
}

/* The caller's entry for record id, or NULL. */
static const struct fc_ledger_entry *
ledger_known(const struct ledger_load *l, const char *id)
{
	for (size_t i = 0; i < l->nknown; i++)
		if (strcmp(l->known[i].id, id) == 0)
			return &l->known[i];
	return NULL;
}

static int
ledger_room(struct ledger_load *l, struct fc_error *err)
{
	size_t cap = l->cap ? l->cap * 2 : 16;
	struct fc_ledger_entry *p;
	size_t *f;

	if (l->n < l->cap)
		return 0;
	if ((p = realloc(l->e, cap * sizeof *p)) != NULL)
		l->e = p;
	if (p == NULL || (f = realloc(l->fresh, cap * sizeof *f)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory reading the ledger");
	l->fresh = f;
	l->cap = cap;
	return 0;
}

static int
st_reparse(const struct ledger_load *l)
{
	return l->st != NULL && l->st->ledger_reparse;
}

/* 1 when the entry kept with the record is e's packing already. */
static int
ledger_kept_same(const struct fc_ledger_entry *e, const struct fc_sbody *b)
{
	struct fc_buf p = FC_BUF_INIT;
	int same = b->entry_len > 0 && fc_ledger_entry_pack(e, &p, &(struct fc_error){0}) == 0 &&
		   p.len == b->entry_len && memcmp(p.buf, b->entry, p.len) == 0;

	fc_buf_release(&p);
	return same;
}

/*
 * A record's entry: the one a push has just made, else the one kept with the
 * record, else (kept by an older program, or none) its body parsed again.
 */
static int
ledger_body(const struct fc_sbody *b, void *ctx, struct fc_error *err)
{
	struct ledger_load *l = ctx;
	const struct fc_ledger_entry *known = ledger_known(l, b->id);
	struct fc_record_model m;
	char prog[16];
	int ret;

	if (ledger_room(l, err) != 0)
		return -1;
	snprintf(l->filed, sizeof l->filed, "%s", b->district);
	if (known != NULL) {
		if (fc_ledger_entry_copy(&l->e[l->n], known, err) != 0)
			return -1;
		l->n++;
		return 0;
	}
	/* unpack releases what it made when it fails; an entry of another record is not used. */
	if (b->entry_len > 0 && !st_reparse(l) &&
	    fc_ledger_entry_unpack(b->entry, b->entry_len, &l->e[l->n], &(struct fc_error){0}) ==
		0) {
		if (strcmp(l->e[l->n].id, b->id) == 0) {
			l->n++;
			return 0;
		}
		fc_ledger_entry_release(&l->e[l->n]);
	}
	if (fc_record_model_parse(b->body, b->len, &m, err) != 0) {
		fc_record_model_release(&m);
		return fc_error_prefix(err, _("household %s: a stored record (run verify)"),
				       l->hh.id);
	}
	fc_ledger_programme(NULL, m.template_id, prog);
	ret = fc_ledger_entry_from_model(&m, prog, &l->e[l->n], err);
	fc_record_model_release(&m);
	if (ret != 0)
		return -1;
	if (!ledger_kept_same(&l->e[l->n], b))
		l->fresh[l->nfresh++] = l->n;
	l->n++;
	return 0;
}

/* Keep the entries parsed again with their records, so the next recompute reads them. */
static int
ledger_keep_fresh(struct fc_sstore *st, const struct ledger_load *l, struct fc_error *err)
{
	struct fc_buf b = FC_BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < l->nfresh && ret == 0; i++) {
		const struct fc_ledger_entry *e = &l->e[l->fresh[i]];

		fc_buf_reset(&b);
		if ((ret = fc_ledger_entry_pack(e, &b, err)) == 0) {
			struct fc_sstore_param p[] = {{e->id, 0}, {b.buf, 0}};

			ret = st->ops->rows(st, SQL_RECORD_ENTRY, p, 2, NULL, NULL, err);
		}
	}
	fc_buf_release(&b);
	return ret;
}

/* keep: a write transaction, where entries parsed again are kept for next time. */
static int
ledger_load(struct fc_sstore *st, const char *household, const struct fc_ledger_entry *known,
	    size_t nknown, int keep, struct ledger_load *l, struct fc_error *err)
{
	memset(l, 0, sizeof *l);
	l->st = st;
	l->known = known;
	l->nknown = nknown;
	if (st->ops->household_get(st, household, &l->hh, &l->registered, err) != 0)
		return -1;
	snprintf(l->hh.id, sizeof l->hh.id, "%s", household);
	if (st->ops->household_bodies(st, household, ledger_body, l, err) != 0 ||
	    (keep && ledger_keep_fresh(st, l, err) != 0)) {
		ledger_load_release(l);
		return -1;
	}
	if (!l->registered)
		snprintf(l->hh.district, sizeof l->hh.district, "%s", l->filed);
	return 0;
}

static int
ledger_compute(struct fc_sstore *st, const struct ledger_load *l, struct fc_ledger_state *s,
	       struct fc_error *err)
{
	const struct fc_intervals *iv = fc_intervals_cached(&st->iv, l->hh.district);
	struct fc_ledger_config cfg = {iv, iv != NULL ? iv->escalate_after : 0};
	struct fc_ledger_household hh = {l->hh.id, l->hh.kind, l->hh.district, l->hh.last_check};

	return fc_ledger_compute(&cfg, &hh, l->e, l->n, s, err);
}

static const struct fc_ledger_entry *
ledger_find(const struct ledger_load *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->e[i].id, id) == 0)
			return &l->e[i];
	return NULL;
}

static int
ledger_put_hazards(struct fc_sledger_rows *rs, const struct ledger_load *l,
		   const struct fc_ledger_state *s, struct fc_error *err)
{
	for (size_t i = 0; i < s->n_hazards; i++) {
		const struct fc_ledger_hazard *h = &s->hazards[i];
		const struct fc_ledger_entry *by = ledger_find(l, h->record);
		char deadline[11];
		struct fc_sledger_hazard row = {l->hh.id,
						h->programme,
						h->item,
						l->hh.district,
						h->record,
						h->root,
						by != NULL ? by->inspector : "",
						h->severity,
						h->note,
						h->rule,
						h->found,
						h->state,
						h->by,
						h->by_inspector,
						h->when,
						deadline,
						h->followups};

		fc_ledger_hazard_deadline(h, deadline);
		if (fc_sledger_add_hazard(rs, &row, err) != 0)
			return -1;
	}
	return 0;
}

static int
ledger_put_programmes(struct fc_sledger_rows *rs, const struct ledger_load *l,
		      const struct fc_ledger_state *s, struct fc_error *err)
{
	for (size_t i = 0; i < s->n_programmes; i++) {
		const struct fc_ledger_programme *p = &s->programmes[i];
		struct fc_sledger_programme row = {
		    l->hh.id,	      p->programme,   l->hh.district, p->last,	 p->last_date,
		    p->due,	      p->outcome,     p->grade,	      p->visit,	 p->visit_date,
		    p->visit_outcome, p->months,      p->finding,     p->visits, p->revisit,
		    p->escalated,     p->inspections, p->visits_total};

		if (fc_sledger_add_programme(rs, &row, err) != 0)
			return -1;
	}
	return 0;
}

static int
ledger_put_versions(struct fc_sledger_rows *rs, const struct ledger_load *l,
		    const struct fc_ledger_state *s, struct fc_error *err)
{
	for (size_t i = 0; i < s->n_versions; i++) {
		const struct fc_ledger_version *v = &s->versions[i];
		const struct fc_ledger_entry *e = ledger_find(l, v->id);
		struct fc_sledger_version row = {
		    v->id,	  l->hh.id, l->hh.district, v->root,	v->current, v->kind,
		    e->inspector, e->date,  e->programme,   e->outcome, e->grade,   v->conflict};

		if (fc_sledger_add_version(rs, &row, err) != 0)
			return -1;
	}
	return 0;
}

int
fc_sstore_ledger_update(struct fc_sstore *st, const char *household,
			const struct fc_ledger_entry *known, size_t nknown, struct fc_error *err)
{
	struct ledger_load l;
	struct fc_ledger_state s = {0};
	struct fc_sledger_rows rows = {0};
	int ret = -1;

	if (household == NULL || household[0] == '\0')
		return 0;
	/* The kept rows' read travels with the household's registry row (PostgreSQL). */
	if (st->ops->ledger_lock(st, household, err) != 0 ||
	    (st->ops->ledger_prefetch != NULL &&
	     st->ops->ledger_prefetch(st, household, err) != 0) ||
	    ledger_load(st, household, known, nknown, 1, &l, err) != 0)
		return -1;
	/* Only the rows that differ from the kept ones are written (store/ledger-diff.c). */
	if (ledger_compute(st, &l, &s, err) == 0 && ledger_put_hazards(&rows, &l, &s, err) == 0 &&
	    ledger_put_programmes(&rows, &l, &s, err) == 0 &&
	    ledger_put_versions(&rows, &l, &s, err) == 0 &&
	    fc_sledger_write(st, household, &rows, err) == 0 &&
	    fc_sstore_agg_household(st, household, &s, l.e, l.n, l.hh.district,
				    l.registered ? l.hh.kind : NULL, err) == 0)
		ret = 0;
	fc_sledger_rows_release(&rows);
	fc_ledger_state_release(&s);
	ledger_load_release(&l);
	return ret;
}

int
fc_sstore_check_draft(struct fc_sstore *st, const struct fc_record_draft *draft,
		      struct fc_error *err)
{
	struct ledger_load l;
	struct fc_ledger_state s = {0};
	struct fc_ledger_entry next;
	int ret = -1;

	if (draft->household == NULL || draft->household[0] == '\0' ||
	    (draft->follows == NULL && draft->corrects == NULL))
		return 0;
	if (ledger_load(st, draft->household, NULL, 0, 0, &l, err) != 0)
		return -1;
	if (fc_ledger_entry_from_draft(draft, &next, err) == 0) {
		if (ledger_compute(st, &l, &s, err) == 0 && fc_ledger_check(&s, &next, err) == 0)
			ret = 0;
		fc_ledger_entry_release(&next);
	}
	fc_ledger_state_release(&s);
	ledger_load_release(&l);
	return ret;
}

int
fc_sstore_ledger_household(struct fc_sstore *st, const char *household, struct fc_error *err)
{
	return fc_sstore_ledger_update(st, household, NULL, 0, err);
}

static int
ledger_cmp_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
ledger_cmp_household(const void *a, const void *b)
{
	const struct fc_ledger_entry *x = a, *y = b;

	return strcmp(x->household, y->household);
}

/* The first of the entries sorted by household that is not before household. */
static size_t
ledger_first_of(const struct fc_ledger_entry *by_hh, size_t n, const char *household)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(by_hh[mid].household, household) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
fc_sstore_ledger_update_all(struct fc_sstore *st, const char **ids, size_t n,
			    const struct fc_ledger_entry *known, size_t nknown,
			    struct fc_error *err)
{
	/*
	 * Each household is handed only its own entries (shallow copies sorted
	 * by household): every record read was looked up among all the push's
	 * entries, a batch's size times its households' records.
	 */
	struct fc_ledger_entry *by_hh = malloc((nknown > 0 ? nknown : 1) * sizeof *by_hh);
	int ret = 0;

	if (by_hh == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory updating the ledger");
	if (nknown > 0)
		memcpy(by_hh, known, nknown * sizeof *by_hh);
	if (nknown > 1)
		qsort(by_hh, nknown, sizeof *by_hh, ledger_cmp_household);
	/* In id order, each once: two processes never wait on each other in a circle. */
	qsort(ids, n, sizeof *ids, ledger_cmp_ids);
	for (size_t i = 0; i < n && ret == 0; i++) {
		size_t from = ledger_first_of(by_hh, nknown, ids[i]), to = from;

		if (i > 0 && strcmp(ids[i], ids[i - 1]) == 0)
			continue;
		while (to < nknown && strcmp(by_hh[to].household, ids[i]) == 0)
			to++;
		if (fc_sstore_ledger_update(st, ids[i], by_hh + from, to - from, err) != 0)
			ret = fc_error_prefix(err, _("household %s"), ids[i]);
	}
	free(by_hh);
	return ret;
}

#define LEDGER_PENDING_BATCH 256

int
fc_sstore_ledger_pending(struct fc_sstore *st, struct fc_error *err)
{
	char(*ids)[FC_ID_MAX] = malloc(LEDGER_PENDING_BATCH * sizeof *ids);
	size_t n = 0;
	int ret = 0;

	if (ids == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory computing the ledger");
	/* Batches of households, each batch one transaction: an upgrade of a big store. */
	while (ret == 0 &&
	       (ret = st->ops->ledger_pending(st, ids, LEDGER_PENDING_BATCH, &n, err)) == 0 &&
	       n > 0) {
		if ((ret = fc_sstore_begin(st, err)) != 0)
			break;
		for (size_t i = 0; ret == 0 && i < n; i++)
			if ((ret = fc_sstore_ledger_household(st, ids[i], err)) == 0)
				ret = st->ops->ledger_pending_done(st, ids[i], err);
		if (ret == 0)
			ret = fc_sstore_commit(st, err);
		else
			fc_sstore_rollback(st);
	}
	free(ids);
	return ret;
}
