/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aggregate.c: the summary's counters from a household's ledger state
 * (aggregate.h). What counts as an inspection, a nobody-home visit, a
 * refusal, an open or overdue hazard or an overdue household is decided
 * here, from what core/ledger.c concluded; the store only keeps the sums.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "record.h"

#define _(s) gettext(s)

void
fc_agg_release(struct fc_agg *a)
{
	free(a->r);
	a->r = NULL;
	a->n = a->cap = 0;
}

int
fc_agg_cmp(const struct fc_agg_row *x, const struct fc_agg_row *y)
{
	int c;

	if ((c = strcmp(x->by, y->by)) != 0 || (c = strcmp(x->metric, y->metric)) != 0 ||
	    (c = strcmp(x->grp, y->grp)) != 0 || (c = strcmp(x->sub, y->sub)) != 0)
		return c;
	return strcmp(x->day, y->day);
}

static int
agg_cmp_rows(const void *a, const void *b)
{
	return fc_agg_cmp(a, b);
}

static int
agg_grow(struct fc_agg *a, struct fc_error *err)
{
	size_t cap = a->cap ? a->cap * 2 : 32;
	struct fc_agg_row *p;

	if (a->n < a->cap)
		return 0;
	p = realloc(a->r, cap * sizeof *p);
	if (p == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory counting the summary"));
	a->r = p;
	a->cap = cap;
	return 0;
}

/*
 * src cut to size - 1 bytes as snprintf would, into a zeroed dst. Not
 * snprintf: a household's recompute adds hundreds of rows and the format
 * parser was a tenth of a push's CPU (docs/limits.md).
 */
static void
agg_copy(char *dst, size_t size, const char *src)
{
	size_t len = strnlen(src, size - 1);

	memcpy(dst, src, len);
}

int
fc_agg_add(struct fc_agg *a, const char *by, const char *grp, const char *metric, const char *sub,
	   const char *day, int64_t n, struct fc_error *err)
{
	struct fc_agg_row *k;

	if (agg_grow(a, err) != 0)
		return -1;
	/* Zeroed whole: rows are compared with memcmp (store/aggregate.c). */
	k = memset(&a->r[a->n++], 0, sizeof *k);
	agg_copy(k->by, sizeof k->by, by);
	agg_copy(k->grp, sizeof k->grp, grp);
	agg_copy(k->metric, sizeof k->metric, metric);
	agg_copy(k->sub, sizeof k->sub, sub);
	agg_copy(k->day, sizeof k->day, day);
	k->n = n;
	return 0;
}

int
fc_agg_merge(struct fc_agg *a, const struct fc_agg *b, struct fc_error *err)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct fc_agg_row *r = &b->r[i];

		if (fc_agg_add(a, r->by, r->grp, r->metric, r->sub, r->day, r->n, err) != 0)
			return -1;
	}
	return 0;
}

void
fc_agg_prune(struct fc_agg *a)
{
	size_t k = 0;
	int sorted = 1;

	/* Rows decoded from a kept set are in order already: no sort to pay for. */
	for (size_t i = 1; i < a->n && sorted; i++)
		sorted = fc_agg_cmp(&a->r[i - 1], &a->r[i]) < 0;
	if (!sorted)
		qsort(a->r, a->n, sizeof *a->r, agg_cmp_rows);
	for (size_t i = 0; i < a->n; i++) {
		if (k > 0 && fc_agg_cmp(&a->r[k - 1], &a->r[i]) == 0)
			a->r[k - 1].n += a->r[i].n;
		else
			a->r[k++] = a->r[i];
	}
	a->n = k;
	k = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->r[i].n != 0)
			a->r[k++] = a->r[i];
	a->n = k;
}

/* A dated count: per day, and per month under metric + FC_AGG_MONTHLY. */
static int
agg_dated(struct fc_agg *a, const char *grp_district, const char *grp_inspector, const char *metric,
	  const char *sub, const char *day, struct fc_error *err)
{
	char monthly[FC_AGG_METRIC_MAX], month[8];

	snprintf(monthly, sizeof monthly, "%s%s", metric, FC_AGG_MONTHLY);
	snprintf(month, sizeof month, "%.7s", day);
	return fc_agg_add(a, FC_AGG_BY_DISTRICT, grp_district, metric, sub, day, 1, err) ||
		       fc_agg_add(a, FC_AGG_BY_DISTRICT, grp_district, monthly, sub, month, 1,
				  err) ||
		       fc_agg_add(a, FC_AGG_BY_INSPECTOR, grp_inspector, metric, sub, day, 1,
				  err) ||
		       fc_agg_add(a, FC_AGG_BY_INSPECTOR, grp_inspector, monthly, sub, month, 1,
				  err)
		   ? -1
		   : 0;
}

static const struct fc_ledger_entry *
agg_entry(const struct fc_ledger_entry *e, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].id, id) == 0)
			return &e[i];
	return NULL;
}

/* Each original once, counted by its current version's kind, outcome and grade. */
static int
agg_versions(const struct fc_ledger_state *s, const struct fc_ledger_entry *e, size_t n,
	     const char *district, struct fc_agg *out, struct fc_error *err)
{
	for (size_t i = 0; i < s->n_versions; i++) {
		const struct fc_ledger_version *o = &s->versions[i];
		const struct fc_ledger_version *c = fc_ledger_version(s, o->current);
		const struct fc_ledger_entry *oe = agg_entry(e, n, o->id);
		const struct fc_ledger_entry *ce = agg_entry(e, n, o->current);
		const char *metric = NULL;

		if (strcmp(o->id, o->root) != 0 || c == NULL || oe == NULL || ce == NULL)
			continue;
		if (strcmp(c->kind, FC_KIND_INSPECTION) == 0)
			metric = FC_AGG_INSPECTIONS;
		else if (strcmp(c->kind, FC_KIND_VISIT) == 0)
			metric = strcmp(ce->outcome, "refused") == 0 ? FC_AGG_REFUSALS
								     : FC_AGG_NOBODY_HOME;
		if (metric != NULL &&
		    agg_dated(out, district, oe->inspector, metric, "", oe->date, err) != 0)
			return -1;
		if (ce->grade[0] != '\0' && agg_dated(out, district, oe->inspector, FC_AGG_GRADES,
						      ce->grade, oe->date, err))
			return -1;
	}
	return 0;
}

static int
agg_hazard_state(const struct fc_ledger_hazard *h, const char *district, const char *inspector,
		 struct fc_agg *out, struct fc_error *err)
{
	char deadline[11];

	if (fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_STATES, h->state, "", 1, err) ||
	    fc_agg_add(out, FC_AGG_BY_INSPECTOR, inspector, FC_AGG_STATES, h->state, "", 1, err))
		return -1;
	if (strcmp(h->state, FC_HAZARD_OPEN) != 0)
		return 0;
	fc_ledger_hazard_deadline(h, deadline);
	if (deadline[0] == '\0')
		return 0;
	return fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_OPEN_UNTIL, "", deadline, 1,
			  err) ||
		       fc_agg_add(out, FC_AGG_BY_INSPECTOR, inspector, FC_AGG_OPEN_UNTIL, "",
				  deadline, 1, err)
		   ? -1
		   : 0;
}

/* Hazards by severity and item when not superseded, and every one by its state. */
static int
agg_hazards(const struct fc_ledger_state *s, const struct fc_ledger_entry *e, size_t n,
	    const char *district, struct fc_agg *out, struct fc_error *err)
{
	for (size_t i = 0; i < s->n_hazards; i++) {
		const struct fc_ledger_hazard *h = &s->hazards[i];
		const struct fc_ledger_entry *by = agg_entry(e, n, h->record);
		const char *insp = by != NULL ? by->inspector : "";

		if (strcmp(h->state, FC_HAZARD_SUPERSEDED) != 0 &&
		    (agg_dated(out, district, insp, FC_AGG_SEVERITY, h->severity, h->found, err) ||
		     agg_dated(out, district, insp, FC_AGG_ITEMS, h->item, h->found, err)))
			return -1;
		if (agg_hazard_state(h, district, insp, out, err) != 0)
			return -1;
	}
	return 0;
}

/*
 * The household once, by the earliest due date of its programmes that have
 * an interval ("" for never inspected comes first): it is overdue on any day
 * after that.
 */
static int
agg_due(const struct fc_ledger_state *s, const char *district, struct fc_agg *out,
	struct fc_error *err)
{
	const char *first = NULL;

	for (size_t i = 0; i < s->n_programmes; i++) {
		const struct fc_ledger_programme *p = &s->programmes[i];

		if (p->months > 0 && (first == NULL || strcmp(p->due, first) < 0))
			first = p->due;
	}
	if (first == NULL)
		return 0;
	return fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_DUE, "", first, 1, err);
}

/*
 * The overview's counts, one per row the ledger writes (store/ledger.c), so
 * they equal what a count of those rows would give: programmes with an
 * interval by due date, programmes inspected by the last grade, hazards by
 * severity and state, open ones by severity and day found.
 */
static int
agg_console(const struct fc_ledger_state *s, const char *district, struct fc_agg *out,
	    struct fc_error *err)
{
	for (size_t i = 0; i < s->n_programmes; i++) {
		const struct fc_ledger_programme *p = &s->programmes[i];

		if (p->months > 0 && fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_PROG_DUE,
						p->programme, p->due, 1, err) != 0)
			return -1;
		if (p->last[0] != '\0' &&
		    fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_PROG_GRADE, p->programme,
			       p->grade, 1, err) != 0)
			return -1;
	}
	for (size_t i = 0; i < s->n_hazards; i++) {
		const struct fc_ledger_hazard *h = &s->hazards[i];

		if (fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_HAZARD_STATE, h->severity,
			       h->state, 1, err) != 0)
			return -1;
		if (strcmp(h->state, FC_HAZARD_OPEN) == 0 &&
		    fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_OPEN_FOUND, h->severity,
			       h->found, 1, err) != 0)
			return -1;
	}
	return 0;
}

/*
 * The overview's counts by the registry's kind, one per row a count of the
 * registry joined to the ledger's rows would find: the household itself, each
 * programme it was inspected in, each hazard it has open. A household the
 * registry does not hold has no kind and no such counts.
 */
static int
agg_kind(const struct fc_ledger_state *s, const char *district, const char *kind,
	 struct fc_agg *out, struct fc_error *err)
{
	if (kind == NULL)
		return 0;
	if (fc_agg_add(out, kind, district, FC_AGG_KIND_HOUSEHOLDS, "", "", 1, err) != 0)
		return -1;
	for (size_t i = 0; i < s->n_programmes; i++) {
		const struct fc_ledger_programme *p = &s->programmes[i];

		if (p->last[0] != '\0' && fc_agg_add(out, kind, district, FC_AGG_KIND_DONE,
						     p->programme, "", 1, err) != 0)
			return -1;
	}
	for (size_t i = 0; i < s->n_hazards; i++) {
		const struct fc_ledger_hazard *h = &s->hazards[i];

		if (strcmp(h->state, FC_HAZARD_OPEN) == 0 &&
		    fc_agg_add(out, kind, district, FC_AGG_KIND_OPEN, h->item, h->programme, 1,
			       err) != 0)
			return -1;
	}
	return 0;
}

int
fc_agg_household(const struct fc_ledger_state *s, const struct fc_ledger_entry *e, size_t n,
		 const char *district, const char *kind, struct fc_agg *out, struct fc_error *err)
{
	if (agg_versions(s, e, n, district, out, err) != 0 ||
	    agg_hazards(s, e, n, district, out, err) != 0 || agg_due(s, district, out, err) != 0 ||
	    agg_console(s, district, out, err) != 0 || agg_kind(s, district, kind, out, err) != 0)
		return -1;
	fc_agg_prune(out);
	return 0;
}

int
fc_agg_record(const char *type, const char *district, const char *inspector, const char *day,
	      int64_t n, struct fc_agg *out, struct fc_error *err)
{
	char month[8];

	if (strcmp(type, FC_TYPE_FOLLOWUP) != 0)
		return 0;
	snprintf(month, sizeof month, "%.7s", day);
	return fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_FOLLOWUPS, "", day, n, err) ||
		       fc_agg_add(out, FC_AGG_BY_DISTRICT, district,
				  FC_AGG_FOLLOWUPS FC_AGG_MONTHLY, "", month, n, err) ||
		       fc_agg_add(out, FC_AGG_BY_INSPECTOR, inspector, FC_AGG_FOLLOWUPS, "", day, n,
				  err) ||
		       fc_agg_add(out, FC_AGG_BY_INSPECTOR, inspector,
				  FC_AGG_FOLLOWUPS FC_AGG_MONTHLY, "", month, n, err)
		   ? -1
		   : 0;
}

int
fc_agg_received(const char *district, const char *device, const char *day, int64_t n,
		struct fc_agg *out, struct fc_error *err)
{
	return fc_agg_add(out, FC_AGG_BY_DISTRICT, district, FC_AGG_SYNCED, device, day, n, err);
}

static int
agg_add_row(struct fc_agg *out, const struct fc_agg_row *r, int64_t n, struct fc_error *err)
{
	return fc_agg_add(out, r->by, r->grp, r->metric, r->sub, r->day, n, err);
}

/*
 * Both sides are sorted with one row per key (fc_agg_prune()), so one walk
 * finds the keys whose count changed: only those go into out. Appending
 * every row of both made the handle's pending set, and its sort at commit,
 * grow with the households' whole histories instead of with what changed.
 */
int
fc_agg_diff(const struct fc_agg *before, const struct fc_agg *now, struct fc_agg *out,
	    struct fc_error *err)
{
	size_t i = 0, j = 0;
	int ret = 0;

	while (ret == 0 && (i < before->n || j < now->n)) {
		int c = i == before->n ? 1
			: j == now->n  ? -1
				       : fc_agg_cmp(&before->r[i], &now->r[j]);

		if (c < 0) {
			ret = agg_add_row(out, &before->r[i], -before->r[i].n, err);
			i++;
		} else if (c > 0) {
			ret = agg_add_row(out, &now->r[j], now->r[j].n, err);
			j++;
		} else {
			if (now->r[j].n != before->r[i].n)
				ret =
				    agg_add_row(out, &now->r[j], now->r[j].n - before->r[i].n, err);
			i++;
			j++;
		}
	}
	return ret;
}

/* Ids, items and dates hold no tab or newline (fc_validate), so lines split cleanly. */
/* s and a tab at p; returns the end. */
static char *
agg_put_field(char *p, const char *s)
{
	size_t len = strlen(s);

	memcpy(p, s, len);
	p[len] = '\t';
	return p + len + 1;
}

/* n in decimal and a newline at p; returns the end. */
static char *
agg_put_count(char *p, int64_t n)
{
	char digits[24];
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	size_t k = 0;

	do {
		digits[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (n < 0)
		*p++ = '-';
	while (k > 0)
		*p++ = digits[--k];
	*p++ = '\n';
	return p;
}

/* A row's line is at most its fields, five separators and a 64-bit count. */
#define AGG_LINE_MAX                                                                               \
	(sizeof(struct fc_agg_row) - sizeof(int64_t) + 5 + sizeof "-9223372036854775808")

int
fc_agg_encode(const struct fc_agg *a, char **out, struct fc_error *err)
{
	char *buf = malloc(a->n * AGG_LINE_MAX + 1), *p = buf;

	if (buf == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory counting the summary"));
	/* Not snprintf: a household's set is encoded at each of its recomputes. */
	for (size_t i = 0; i < a->n; i++) {
		const struct fc_agg_row *r = &a->r[i];

		p = agg_put_field(p, r->by);
		p = agg_put_field(p, r->grp);
		p = agg_put_field(p, r->metric);
		p = agg_put_field(p, r->sub);
		p = agg_put_field(p, r->day);
		p = agg_put_count(p, r->n);
	}
	*p = '\0';
	*out = buf;
	return 0;
}

static int
agg_field(const char **p, char *out, size_t size)
{
	size_t len = strcspn(*p, "\t\n");

	if (len >= size || (*p)[len] != '\t')
		return -1;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len + 1;
	return 0;
}

int
fc_agg_decode(const char *text, struct fc_agg *out, struct fc_error *err)
{
	const char *p = text;

	while (*p != '\0') {
		struct fc_agg_row r;
		char *end;

		if (agg_field(&p, r.by, sizeof r.by) || agg_field(&p, r.grp, sizeof r.grp) ||
		    agg_field(&p, r.metric, sizeof r.metric) ||
		    agg_field(&p, r.sub, sizeof r.sub) || agg_field(&p, r.day, sizeof r.day))
			return fc_error_set(err, FC_E_DB,
					    _("a household's stored counts are damaged"));
		r.n = strtoll(p, &end, 10);
		if (end == p || *end != '\n')
			return fc_error_set(err, FC_E_DB,
					    _("a household's stored counts are damaged"));
		p = end + 1;
		if (fc_agg_add(out, r.by, r.grp, r.metric, r.sub, r.day, r.n, err) != 0)
			return -1;
	}
	return 0;
}

static int
agg_range(struct fc_agg_range *r, const char *metric, const char *suffix, const char *lo,
	  const char *hi)
{
	snprintf(r->metric, sizeof r->metric, "%s%s", metric, suffix);
	snprintf(r->lo, sizeof r->lo, "%s", lo);
	snprintf(r->hi, sizeof r->hi, "%s", hi);
	return 1;
}

int
fc_agg_ranges(const char *metric, const char *since, const char *today, struct fc_agg_range out[2])
{
	char after[11];

	if (strcmp(metric, FC_AGG_STATES) == 0)
		return agg_range(&out[0], metric, "", "", "~");
	/* Deadlines and due dates are dates ("0..." sorts after "", "~" after any date). */
	if (strcmp(metric, FC_AGG_OPEN_UNTIL) == 0)
		return agg_range(&out[0], metric, "", "0", today);
	if (strcmp(metric, FC_AGG_DUE) == 0)
		return agg_range(&out[0], metric, "", "", today);
	if (since[0] == '\0')
		return agg_range(&out[0], metric, FC_AGG_MONTHLY, "", "~");
	/* "YYYY-MM~" sorts after that month and before the next one. */
	snprintf(after, sizeof after, "%.7s~", since);
	agg_range(&out[0], metric, FC_AGG_MONTHLY, after, "~");
	agg_range(&out[1], metric, "", since, after);
	return 2;
}
