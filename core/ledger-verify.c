/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger-verify.c: every household's stored ledger rows against what
 * fc_ledger_compute() gives from its signed records (ledger-verify.h).
 *
 * The computed state is written out as the rows core/store-ledger.c stores
 * (hazards, programmes, versions and the household's revisits row, the same
 * columns, integers as text), then compared with the stored rows
 * read back column by column: a changed value, a row removed and a row added
 * each fail, naming the household, the table and the row. Only the first
 * difference is reported, as the chain reports only its first broken record.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger-verify.h"
#include "store.h"

#define _(s) gettext(s)

struct lv_rows {
	struct fc_ledger_row *row;
	size_t n, cap;
};

static struct fc_ledger_row *
lv_add(struct lv_rows *r, const char *table, struct fc_error *err)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct fc_ledger_row *p = realloc(r->row, cap * sizeof *p);

		if (p == NULL) {
			fc_error_set(err, FC_E_NOMEM, _("out of memory checking the ledger"));
			return NULL;
		}
		r->row = p;
		r->cap = cap;
	}
	memset(&r->row[r->n], 0, sizeof r->row[r->n]);
	snprintf(r->row[r->n].table, sizeof r->row[r->n].table, "%s", table);
	return &r->row[r->n++];
}

static void
lv_col(struct fc_ledger_row *row, const char *name, const char *value)
{
	snprintf(row->name[row->n], sizeof row->name[row->n], "%s", name);
	snprintf(row->value[row->n], sizeof row->value[row->n], "%s", value);
	row->n++;
}

static void
lv_int(struct fc_ledger_row *row, const char *name, int value)
{
	char v[16];

	snprintf(v, sizeof v, "%d", value);
	lv_col(row, name, v);
}

static void
lv_hazard(struct fc_ledger_row *r, const char *hh, const struct fc_ledger_hazard *h)
{
	const char *text[][2] = {
	    {"household", hh},	       {"programme", h->programme},
	    {"item", h->item},	       {"record", h->record},
	    {"root", h->root},	       {"severity", h->severity},
	    {"note", h->note},	       {"rule", h->rule},
	    {"found", h->found},       {"status", h->state},
	    {"closed_by", h->by},      {"closed_inspector", h->by_inspector},
	    {"closed", h->when},       {"last_followup", fc_ledger_hazard_last_followup(h)},
	    {"deadline", h->deadline},
	};

	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		lv_col(r, text[i][0], text[i][1]);
	lv_int(r, "idx", 0); /* the store never sets it */
	lv_int(r, "followups", h->followups);
}

static void
lv_programme(struct fc_ledger_row *r, const char *hh, const struct fc_ledger_programme *p)
{
	const char *text[][2] = {
	    {"household", hh},
	    {"programme", p->programme},
	    {"last", p->last},
	    {"last_date", p->last_date},
	    {"due", p->due},
	    {"outcome", p->outcome},
	    {"grade", p->grade},
	    {"visit", p->visit},
	    {"visit_date", p->visit_date},
	    {"visit_outcome", p->visit_outcome},
	};
	const struct {
		const char *name;
		int value;
	} ints[] = {
	    {"months", p->months},
	    {"finding", p->finding},
	    {"visits", p->visits},
	    {"revisit", p->revisit},
	    {"escalated", p->escalated},
	    {"inspections", p->inspections},
	    {"visits_total", p->visits_total},
	};

	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		lv_col(r, text[i][0], text[i][1]);
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		lv_int(r, ints[i].name, ints[i].value);
}

/* The rows the store would hold for s, into out. */
static int
lv_expected(const char *hh, const struct fc_ledger_state *s, struct lv_rows *out,
	    struct fc_error *err)
{
	const struct fc_ledger_programme *p;
	struct fc_ledger_row *r;

	for (size_t i = 0; i < s->n_hazards; i++) {
		if ((r = lv_add(out, "hazards", err)) == NULL)
			return -1;
		lv_hazard(r, hh, &s->hazards[i]);
	}
	for (size_t i = 0; i < s->n_programmes; i++) {
		if ((r = lv_add(out, "programmes", err)) == NULL)
			return -1;
		lv_programme(r, hh, &s->programmes[i]);
	}
	for (size_t i = 0; i < s->n_versions; i++) {
		const struct fc_ledger_version *v = &s->versions[i];

		if ((r = lv_add(out, "versions", err)) == NULL)
			return -1;
		lv_col(r, "id", v->id);
		lv_col(r, "household", hh);
		lv_col(r, "root", v->root);
		lv_col(r, "current", v->current);
		lv_col(r, "kind", v->kind);
	}
	if ((p = fc_ledger_revisit(s)) != NULL) {
		if ((r = lv_add(out, "revisits", err)) == NULL)
			return -1;
		lv_col(r, "household", hh);
		lv_col(r, "record", p->visit);
		lv_col(r, "visited", p->visit_date);
		lv_col(r, "outcome", p->visit_outcome);
	}
	return 0;
}

static int
lv_collect(const struct fc_ledger_row *row, void *ctx, struct fc_error *err)
{
	struct fc_ledger_row *r = lv_add(ctx, row->table, err);

	if (r == NULL)
		return -1;
	*r = *row;
	return 0;
}

static const char *
lv_get(const struct fc_ledger_row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->name[i], name) == 0)
			return r->value[i];
	return "";
}

/* The row's key within its household, "gas/item-3" for a hazard, into key. */
static void
lv_key(const struct fc_ledger_row *r, char *key, size_t size)
{
	if (strcmp(r->table, "hazards") == 0)
		snprintf(key, size, "%s/%s", lv_get(r, "programme"), lv_get(r, "item"));
	else if (strcmp(r->table, "programmes") == 0)
		snprintf(key, size, "%s", lv_get(r, "programme"));
	else if (strcmp(r->table, "revisits") == 0)
		snprintf(key, size, "%s", lv_get(r, "household"));
	else
		snprintf(key, size, "%s", lv_get(r, "id"));
}

static const struct fc_ledger_row *
lv_find(const struct lv_rows *rows, const struct fc_ledger_row *like)
{
	char a[2 * FC_LEDGER_VALUE_MAX], b[2 * FC_LEDGER_VALUE_MAX];

	lv_key(like, a, sizeof a);
	for (size_t i = 0; i < rows->n; i++) {
		if (strcmp(rows->row[i].table, like->table) != 0)
			continue;
		lv_key(&rows->row[i], b, sizeof b);
		if (strcmp(a, b) == 0)
			return &rows->row[i];
	}
	return NULL;
}

/* The first difference between want and got, into report; 0 when none. */
static int
lv_compare(const char *hh, const struct lv_rows *want, const struct lv_rows *got,
	   struct fc_ledger_verify_report *rep)
{
	char key[2 * FC_LEDGER_VALUE_MAX];

	for (size_t i = 0; i < want->n; i++) {
		const struct fc_ledger_row *w = &want->row[i], *g = lv_find(got, w);

		lv_key(w, key, sizeof key);
		if (g == NULL) {
			snprintf(rep->reason, sizeof rep->reason,
				 _("household %s: the %s row %s that its signed records give is "
				   "missing from the store"),
				 hh, w->table, key);
			return -1;
		}
		for (size_t c = 0; c < w->n; c++)
			if (strcmp(w->value[c], lv_get(g, w->name[c])) != 0) {
				snprintf(rep->reason, sizeof rep->reason,
					 _("household %s: the %s row %s says %s \"%s\" but its "
					   "signed records give \"%s\""),
					 hh, w->table, key, w->name[c], lv_get(g, w->name[c]),
					 w->value[c]);
				return -1;
			}
	}
	for (size_t i = 0; i < got->n; i++)
		if (lv_find(want, &got->row[i]) == NULL) {
			lv_key(&got->row[i], key, sizeof key);
			snprintf(rep->reason, sizeof rep->reason,
				 _("household %s: the store has a %s row %s that its signed "
				   "records do not give"),
				 hh, got->row[i].table, key);
			return -1;
		}
	return 0;
}

struct lv_walk {
	struct fc_store *st;
	struct fc_ledger_verify_report *report;
};

static int
lv_household(const char *hh, void *ctx, struct fc_error *err)
{
	struct lv_walk *w = ctx;
	struct fc_ledger_state s = {0};
	struct lv_rows want = {0}, got = {0};
	int ret = -1;

	if (fc_store_ledger_compute(w->st, hh, &s, err) == 0 &&
	    lv_expected(hh, &s, &want, err) == 0 &&
	    fc_store_ledger_rows(w->st, hh, lv_collect, &got, err) == 0) {
		ret = lv_compare(hh, &want, &got, w->report);
		if (ret != 0) {
			snprintf(w->report->household, sizeof w->report->household, "%s", hh);
			fc_error_set(err, FC_E_CHAIN, "%s", w->report->reason);
		} else {
			w->report->households++;
		}
	}
	fc_ledger_state_release(&s);
	free(want.row);
	free(got.row);
	return ret;
}

int
fc_ledger_verify_store(struct fc_store *st, struct fc_ledger_verify_report *report,
		       struct fc_error *err)
{
	struct lv_walk w = {st, report};

	memset(report, 0, sizeof *report);
	return fc_store_ledger_households(st, lv_household, &w, err);
}
