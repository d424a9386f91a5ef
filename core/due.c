/* SPDX-License-Identifier: Apache-2.0 */
/*
 * due.c: due dates from intervals.json, and the registry-wide lists built on
 * the store's due, hazard-ledger and revisit verbs.
 *
 * The only subtle part is turning "due date before T" into a cutoff on
 * last_check for the store: because months are clamped at month ends,
 * last_check + months is monotone but not invertible, so fc_due_cutoff()
 * starts from T - months and steps to the exact boundary day. Everything else
 * is bookkeeping. Dates are calendar dates (date.h); no time zone enters.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datadir.h"
#include "due.h"
#include "ids.h"
#include "settings.h"
#include "textfile.h"

#define _(s) gettext(s)

#define DUE_MONTHS_MAX 120

/* Intervals */

static int
due_read_kind(const char *path, const char *where, const char *kind, const json_t *row,
	      struct fc_interval *out, struct fc_error *err)
{
	const json_t *months = json_object_get(row, "months");
	const char *source = json_string_value(json_object_get(row, "source"));

	if (strlen(kind) >= sizeof out->kind || *kind == '\0')
		return fc_error_set(err, FC_E_INVALID, _("%s: %s: '%s' is not a household kind"),
				    path, where, kind);
	if (!json_is_integer(months) || json_integer_value(months) < 1 ||
	    json_integer_value(months) > DUE_MONTHS_MAX)
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: %s.%s.months: must be a whole number of months from 1 "
				      "to %d"),
				    path, where, kind, DUE_MONTHS_MAX);
	/* An interval nobody can trace to a rule is not data but a guess. */
	if (source == NULL || *source == '\0')
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: %s.%s.source: say where the interval comes from "
				      "([S] clause, [L] local rule or [P] practice)"),
				    path, where, kind);
	snprintf(out->kind, sizeof out->kind, "%s", kind);
	out->months = (int)json_integer_value(months);
	snprintf(out->source, sizeof out->source, "%s", source);
	return 0;
}

const char *
fc_due_kind_programme(const char *kind)
{
	static const char *const map[][2] = {{"residential", "gas"}, {"catering", "gas"},
					     {"business", "gas"},    {"selfbuilt", "selfbuilt"},
					     {"rural", "rural"},     {NULL, NULL}};

	for (size_t i = 0; map[i][0] != NULL; i++)
		if (strcmp(map[i][0], kind) == 0)
			return map[i][1];
	return kind;
}

/* Add the rows of one programme (kind -> row) to out. */
static int
due_read_programme(const char *path, const char *where, const char *programme, const json_t *rows,
		   struct fc_intervals *out, struct fc_error *err)
{
	const char *kind;
	const json_t *row;

	if (!json_is_object(rows) || strlen(programme) >= sizeof out->v[0].programme ||
	    *programme == '\0')
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("%s: %s.%s: must map each household kind to {months, source}"), path, where,
		    programme);
	json_object_foreach((json_t *)rows, kind, row) {
		char at[160];
		const char *prog = programme;

		if (out->n == FC_DUE_KINDS_MAX)
			return fc_error_set(err, FC_E_INVALID, _("%s: %s: more than %d rows"), path,
					    where, FC_DUE_KINDS_MAX);
		if (strcmp(where, "intervals") == 0) {
			snprintf(at, sizeof at, "%s", where); /* the first form: kind -> row */
			prog = fc_due_kind_programme(kind);
		} else {
			snprintf(at, sizeof at, "%s.%s", where, programme);
		}
		if (due_read_kind(path, at, kind, row, &out->v[out->n], err) == -1)
			return -1;
		snprintf(out->v[out->n].programme, sizeof out->v[0].programme, "%s", prog);
		out->n++;
	}
	return 0;
}

/* A district's rows: kind -> row (its own programme) or programme -> kind -> row. */
static int
due_read_district(const char *path, const char *district, const json_t *drows,
		  struct fc_intervals *out, struct fc_error *err)
{
	const char *name, *kind;
	const json_t *row, *krow;
	char where[128];

	snprintf(where, sizeof where, "districts.%s", district);
	json_object_foreach((json_t *)drows, name, row) {
		int flat = json_object_get(row, "months") != NULL;
		json_t *one = flat ? json_pack("{sO}", name, row) : json_incref((json_t *)row);

		json_object_foreach(one, kind, krow) {
			const char *prog = flat ? NULL : name;
			const struct fc_interval *c = prog != NULL
							  ? fc_due_interval_in(out, prog, kind)
							  : fc_due_interval(out, kind);
			struct fc_interval *iv = (struct fc_interval *)c;
			char at[160];

			snprintf(at, sizeof at, "%s%s%s", where, flat ? "" : ".", flat ? "" : name);
			if (iv == NULL || due_read_kind(path, at, kind, krow, iv, err) == -1) {
				if (iv == NULL)
					fc_error_set(
					    err, FC_E_INVALID,
					    _("%s: %s.%s: no default interval for this kind"), path,
					    at, kind);
				json_decref(one);
				return -1;
			}
			iv->district_rule = 1;
		}
		json_decref(one);
	}
	return 0;
}

int
fc_due_load_file(const char *path, const char *district, struct fc_intervals *out,
		 struct fc_error *err)
{
	json_error_t jerr;
	json_t *root = fc_textfile_json(path, JSON_REJECT_DUPLICATES, &jerr);
	char why[256];
	const json_t *rows, *soon, *drows = NULL, *prow;
	const char *prog;
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (root == NULL) {
		if (jerr.line <= 0)
			return fc_error_set(err, FC_E_IO, "%s: %s", path, jerr.text);
		return fc_error_set(err, FC_E_INVALID, "%s:%d: %s", path, jerr.line,
				    fc_json_why(&jerr, why, sizeof why));
	}
	snprintf(out->path, sizeof out->path, "%s", path);
	out->soon_days = FC_DUE_SOON_DAYS;
	soon = json_object_get(root, "soon_days");
	if (soon != NULL) {
		if (!json_is_integer(soon) || json_integer_value(soon) < 0 ||
		    json_integer_value(soon) > 365) {
			fc_error_set(
			    err, FC_E_INVALID,
			    _("%s: soon_days: must be a whole number of days from 0 to 365"), path);
			goto out;
		}
		out->soon_days = (int)json_integer_value(soon);
	}
	out->escalate_after = 3;
	soon = json_object_get(root, "escalate_after");
	if (soon != NULL) {
		if (!json_is_integer(soon) || json_integer_value(soon) < 1 ||
		    json_integer_value(soon) > 100) {
			fc_error_set(
			    err, FC_E_INVALID,
			    _("%s: escalate_after: must be a whole number of visits from 1 "
			      "to 100"),
			    path);
			goto out;
		}
		out->escalate_after = (int)json_integer_value(soon);
	}
	if ((rows = json_object_get(root, "programmes")) != NULL && json_object_size(rows) > 0) {
		json_object_foreach((json_t *)rows, prog, prow)
			if (due_read_programme(path, "programmes", prog, prow, out, err) != 0)
				goto out;
	} else if ((rows = json_object_get(root, "intervals")) != NULL &&
		   json_object_size(rows) > 0) {
		if (due_read_programme(path, "intervals", "intervals", rows, out, err) != 0)
			goto out;
	} else {
		fc_error_set(
		    err, FC_E_INVALID,
		    _("%s: programmes: must map each programme to {kind: {months, source}}"), path);
		goto out;
	}
	if (district != NULL && *district != '\0')
		drows = json_object_get(json_object_get(root, "districts"), district);
	if (drows != NULL && due_read_district(path, district, drows, out, err) != 0)
		goto out;
	ret = 0;
out:
	json_decref(root);
	return ret;
}

const struct fc_intervals *
fc_intervals_cached(struct fc_intervals_cache *c, const char *district)
{
	struct fc_error ignored = {0};
	struct fc_intervals_slot *slot = NULL;

	if (district == NULL)
		district = "";
	for (size_t i = 0; i < FC_INTERVALS_CACHE_SLOTS; i++) {
		slot = &c->s[i];
		if (slot->state != 0 && strcmp(slot->district, district) == 0)
			return slot->state > 0 ? slot->iv : NULL;
	}
	slot = &c->s[c->next];
	c->next = (c->next + 1) % FC_INTERVALS_CACHE_SLOTS;
	slot->state = 0;
	if (slot->iv == NULL && (slot->iv = malloc(sizeof *slot->iv)) == NULL)
		return NULL;
	snprintf(slot->district, sizeof slot->district, "%s", district);
	/* A missing or broken file is not the record's fault: the ledger still runs, without due
	 * dates. */
	slot->state = fc_due_load(district, slot->iv, &ignored) == 0 ? 1 : -1;
	return slot->state > 0 ? slot->iv : NULL;
}

void
fc_intervals_cache_free(struct fc_intervals_cache *c)
{
	for (size_t i = 0; i < FC_INTERVALS_CACHE_SLOTS; i++) {
		free(c->s[i].iv);
		c->s[i].iv = NULL;
		c->s[i].state = 0;
	}
	c->next = 0;
}

int
fc_due_load(const char *district, struct fc_intervals *out, struct fc_error *err)
{
	char path[FC_PATH_MAX];

	json_t *settings = NULL;
	const json_t *esc;
	struct fc_error ignore = {0};

	if (fc_datadir_find("intervals.json", path, sizeof path, err) == -1 ||
	    fc_due_load_file(path, district, out, err) != 0)
		return -1;
	/*
	 * The district's gas.nobody_home_escalate (docs/settings.md) decides when
	 * a household goes on the escalation list; without a settings file the
	 * intervals file's escalate_after stands.
	 */
	if (fc_settings_load(&settings, &ignore) == 0) {
		esc = fc_settings_get(settings, district, "gas.nobody_home_escalate");
		if (json_is_integer(esc) && json_integer_value(esc) >= 1 &&
		    json_integer_value(esc) <= 100)
			out->escalate_after = (int)json_integer_value(esc);
		json_decref(settings);
	}
	return 0;
}

const struct fc_interval *
fc_due_interval_in(const struct fc_intervals *iv, const char *programme, const char *kind)
{
	for (size_t i = 0; kind != NULL && programme != NULL && i < iv->n; i++)
		if (strcmp(iv->v[i].kind, kind) == 0 && strcmp(iv->v[i].programme, programme) == 0)
			return &iv->v[i];
	return NULL;
}

const struct fc_interval *
fc_due_interval(const struct fc_intervals *iv, const char *kind)
{
	for (size_t i = 0; kind != NULL && i < iv->n; i++)
		if (strcmp(iv->v[i].kind, kind) == 0)
			return &iv->v[i];
	return NULL;
}

/* One household */

const char *
fc_due_state_name(enum fc_due_state s)
{
	switch (s) {
	case FC_DUE_OK:
		return "ok";
	case FC_DUE_SOON:
		return "soon";
	case FC_DUE_OVERDUE:
		return "overdue";
	}
	return "?";
}

struct fc_date
fc_due_cutoff(struct fc_date limit, int months)
{
	struct fc_date c = fc_date_add_months(limit, -months);

	/* At most a few steps each way: clamping moves a date by at most 3 days. */
	while (fc_date_cmp(fc_date_add_months(c, months), limit) < 0)
		c = fc_date_add_days(c, 1);
	for (;;) {
		struct fc_date prev = fc_date_add_days(c, -1);

		if (fc_date_cmp(fc_date_add_months(prev, months), limit) < 0)
			break;
		c = prev;
	}
	return c;
}

/* overdue when the due date has passed; soon within soon_days. */
static enum fc_due_state
due_state_days(int64_t days_left, int soon_days)
{
	if (days_left < 0)
		return FC_DUE_OVERDUE;
	return days_left <= soon_days ? FC_DUE_SOON : FC_DUE_OK;
}

/* The state by interval in (soon within soon_days) after last_check ("" or NULL: never). */
static int
due_compute_in(const struct fc_interval *in, int soon_days, const char *last_check,
	       struct fc_date today, struct fc_due *out, struct fc_error *err)
{
	struct fc_date last, due;

	memset(out, 0, sizeof *out);
	out->months = in->months;
	if (last_check == NULL || *last_check == '\0') {
		out->state = FC_DUE_OVERDUE;
		out->never_checked = 1;
		return 0;
	}
	if (fc_date_parse(last_check, &last) == -1)
		return fc_error_set(err, FC_E_INVALID,
				    _("last check '%s': not a date of the form YYYY-MM-DD"),
				    last_check);
	due = fc_date_add_months(last, in->months);
	fc_date_format(due, out->due);
	out->days_left = fc_date_serial(due) - fc_date_serial(today);
	out->state = due_state_days(out->days_left, soon_days);
	return 0;
}

int
fc_due_compute(const struct fc_intervals *iv, const char *kind, const char *last_check,
	       struct fc_date today, struct fc_due *out, struct fc_error *err)
{
	const struct fc_interval *in = fc_due_interval(iv, kind);

	if (in == NULL)
		return fc_error_set(err, FC_E_NOTFOUND, _("kind '%s': no check interval in %s"),
				    kind != NULL ? kind : "", iv->path);
	return due_compute_in(in, iv->soon_days, last_check, today, out, err);
}

enum fc_due_state
fc_due_state_of(const char *due, struct fc_date today, int soon_days)
{
	struct fc_date d;

	if (due == NULL || fc_date_parse(due, &d) == -1)
		return FC_DUE_OVERDUE;
	return due_state_days(fc_date_serial(d) - fc_date_serial(today), soon_days);
}

/* Bucket i holds ages from age_from[i] to age_from[i + 1] - 1 days. */
static const int64_t age_from[FC_DUE_AGE_BUCKETS] = {0, 8, 31, 91};
static const char *const age_names[FC_DUE_AGE_BUCKETS] = {"0-7 days", "8-30 days", "31-90 days",
							  "over 90 days"};

int
fc_due_age_bucket(int64_t age_days)
{
	int b = 0;

	while (b + 1 < FC_DUE_AGE_BUCKETS && age_days >= age_from[b + 1])
		b++;
	return b;
}

const char *
fc_due_age_name(int bucket)
{
	return bucket >= 0 && bucket < FC_DUE_AGE_BUCKETS ? age_names[bucket] : "";
}

void
fc_due_age_range(int bucket, struct fc_date today, char from[11], char to[11])
{
	fc_date_format(fc_date_add_days(today, -age_from[bucket]), to);
	if (bucket + 1 < FC_DUE_AGE_BUCKETS)
		fc_date_format(fc_date_add_days(today, -(age_from[bucket + 1] - 1)), from);
	else
		snprintf(from, 11, "%s", "0000-00-00");
}

/* Cutoffs for the store: overdue is due < today; due or soon is due < today + soon + 1. */
static void
due_cutoffs(const struct fc_intervals *iv, const struct fc_interval *in, struct fc_date today,
	    char overdue[11], char soon[11])
{
	fc_date_format(fc_due_cutoff(today, in->months), overdue);
	fc_date_format(fc_due_cutoff(fc_date_add_days(today, iv->soon_days + 1), in->months), soon);
}

/* The whole registry */

/*
 * A household is due by the rows of its own district, as its ledger computes
 * it (fc_intervals_cached() in store-ledger.c): a device enrolled for "D1,D2"
 * cannot take one set of intervals for all of them when D2 overrides a kind's
 * months. These lists then read every household of the kind whose check is
 * older than the shortest interval any of the device's districts gives the
 * kind, and decide each by its own district's rows; with one district, or no
 * district overriding the kind, the store's cutoff decides alone as before.
 */
struct due_districts {
	struct fc_intervals_cache cache;
	char list[FC_DISTRICTS_MAX];
};

static void
due_districts_open(struct fc_store *st, struct due_districts *d)
{
	struct fc_error ignored = {0};

	memset(d, 0, sizeof *d);
	if (fc_store_get_setting(st, FC_SET_DISTRICT, d->list, sizeof d->list, &ignored) != 0)
		d->list[0] = '\0';
}

/*
 * The shortest months any of the device's districts gives in's kind, into
 * *months; 1 when it is not in's own for every one of them.
 */
static int
due_districts_differ(struct due_districts *d, const struct fc_interval *in, int *months)
{
	const char *p = d->list;
	int differ = 0;

	*months = in->months;
	if (strchr(p, ',') == NULL)
		return 0;
	while (*p != '\0') {
		char one[FC_ID_MAX];
		size_t n = strcspn(p, ",");
		const struct fc_intervals *div;
		const struct fc_interval *din;

		snprintf(one, sizeof one, "%.*s", (int)n, p);
		p += n + (p[n] == ',');
		if ((div = fc_intervals_cached(&d->cache, one)) == NULL ||
		    (din = fc_due_interval(div, in->kind)) == NULL || din->months == in->months)
			continue;
		differ = 1;
		if (din->months < *months)
			*months = din->months;
	}
	return differ;
}

/* 1 when a is worse than b: a later state, or never checked, or an earlier due date. */
static int
due_worse(const struct fc_due *a, const struct fc_due *b)
{
	if (a->state != b->state)
		return a->state > b->state;
	if (a->never_checked != b->never_checked)
		return a->never_checked;
	return !a->never_checked && a->days_left < b->days_left;
}

/* 1 when a programme other than kind's own covers it in iv. */
static int
due_kind_shared(const struct fc_intervals *iv, const char *kind)
{
	const struct fc_interval *own = fc_due_interval(iv, kind);

	for (size_t i = 0; own != NULL && i < iv->n; i++)
		if (&iv->v[i] != own && strcmp(iv->v[i].kind, kind) == 0)
			return 1;
	return 0;
}

int
fc_due_household(struct fc_store *st, struct fc_intervals_cache *c, const struct fc_intervals *iv,
		 const struct fc_household *h, struct fc_date today, struct fc_due *out,
		 struct fc_error *err)
{
	const struct fc_intervals *own =
	    h->district[0] != '\0' ? fc_intervals_cached(c, h->district) : NULL;
	const struct fc_interval *first;

	if (own == NULL || fc_due_interval(own, h->kind) == NULL)
		own = iv;
	if (fc_due_compute(own, h->kind, h->last_check, today, out, err) != 0)
		return -1;
	first = fc_due_interval(own, h->kind);
	for (size_t i = 0; i < own->n; i++) {
		const struct fc_interval *in = &own->v[i];
		char last[11];
		struct fc_due d;

		if (in == first || strcmp(in->kind, h->kind) != 0)
			continue;
		if (fc_store_programme_last(st, h->id, in->programme, last, err) != 0 ||
		    due_compute_in(in, own->soon_days, last, today, &d, err) != 0)
			return -1;
		if (due_worse(&d, out))
			*out = d;
	}
	return 0;
}

static int
due_count_revisit(const struct fc_revisit *r, void *ctx, struct fc_error *err)
{
	(void)r;
	(void)err;
	(*(int64_t *)ctx)++;
	return 0;
}

struct due_count_ctx {
	struct fc_store *st;
	struct due_districts *d;
	const struct fc_intervals *iv;
	struct fc_date today;
	struct fc_due_kind_count *k;
};

static int
due_count_one(const struct fc_household *h, void *arg, struct fc_error *err)
{
	struct due_count_ctx *c = arg;
	struct fc_due due;

	if (fc_due_household(c->st, &c->d->cache, c->iv, h, c->today, &due, err) != 0)
		return fc_error_prefix(err, _("household %s"), h->id);
	c->k->overdue += due.state == FC_DUE_OVERDUE;
	c->k->soon += due.state == FC_DUE_SOON;
	return 0;
}

/* Overdue and soon households of in's kind, into k. */
static int
due_count_kind(struct fc_store *st, struct due_districts *d, const struct fc_intervals *iv,
	       const struct fc_interval *in, struct fc_date today, struct fc_due_kind_count *k,
	       struct fc_error *err)
{
	struct fc_interval loose = *in;
	char overdue[11], soon[11];
	int64_t within = 0;

	/*
	 * Each household decided alone when the store's cutoff cannot say: its
	 * district's months differ from the device's, or another programme
	 * covers its kind (then every household of the kind is read: one
	 * checked yesterday for its own programme may be overdue in the other).
	 */
	if (due_districts_differ(d, in, &loose.months) || due_kind_shared(iv, in->kind)) {
		struct due_count_ctx c = {st, d, iv, today, k};

		due_cutoffs(iv, &loose, today, overdue, soon);
		return fc_store_each_due(st, k->kind, due_kind_shared(iv, in->kind) ? "~" : soon, 0,
					 due_count_one, &c, err);
	}
	due_cutoffs(iv, in, today, overdue, soon);
	if (fc_store_count_due(st, k->kind, overdue, &k->overdue, err) == -1 ||
	    fc_store_count_due(st, k->kind, soon, &within, err) == -1)
		return -1;
	k->soon = within - k->overdue;
	return 0;
}

int
fc_due_summarize(struct fc_store *st, const struct fc_intervals *iv, struct fc_date today,
		 struct fc_due_summary *out, struct fc_error *err)
{
	struct due_districts *d = malloc(sizeof *d);
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (d == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	due_districts_open(st, d);
	for (size_t i = 0; i < iv->n; i++) {
		if (fc_due_interval(iv, iv->v[i].kind) != &iv->v[i])
			continue; /* households.last_check is for the kind's own programme */
		struct fc_due_kind_count *k = &out->kinds[out->n++];

		snprintf(k->kind, sizeof k->kind, "%s", iv->v[i].kind);
		if (due_count_kind(st, d, iv, &iv->v[i], today, k, err) != 0)
			goto out;
		out->overdue += k->overdue;
		out->soon += k->soon;
	}
	if (fc_store_count_open_hazards(st, &out->open_hazards, err) == -1 ||
	    fc_store_each_revisit(st, due_count_revisit, &out->revisits, err) == -1)
		goto out;
	ret = 0;
out:
	fc_intervals_cache_free(&d->cache);
	free(d);
	return ret;
}

struct due_each_ctx {
	struct fc_store *st;
	const struct fc_intervals *iv;
	struct fc_date today;
	size_t limit, seen;
	int stopped; /* fn asked to stop, or the limit was reached */
	fc_due_fn fn;
	void *ctx;
	struct due_districts *d;
	int with_soon;
};

static int
due_each_one(const struct fc_household *h, void *arg, struct fc_error *err)
{
	struct due_each_ctx *c = arg;
	struct fc_due due;
	int r;

	if (fc_due_household(c->st, &c->d->cache, c->iv, h, c->today, &due, err) == -1)
		return fc_error_prefix(err, _("household %s"), h->id);
	/* Read with the loosest cutoff of the device's districts: its own rows decide. */
	if (due.state == FC_DUE_OK || (!c->with_soon && due.state == FC_DUE_SOON))
		return 0;
	r = c->fn(h, &due, c->ctx, err);
	if (r == 0 && ++c->seen == c->limit)
		r = 1;
	if (r == 1)
		c->stopped = 1;
	return r;
}

int
fc_due_each(struct fc_store *st, const struct fc_intervals *iv, struct fc_date today, int with_soon,
	    size_t limit, fc_due_fn fn, void *ctx, struct fc_error *err)
{
	struct due_districts *d = malloc(sizeof *d);
	struct due_each_ctx c = {st, iv, today, limit, 0, 0, fn, ctx, d, with_soon};
	int ret = 0;

	if (d == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	due_districts_open(st, d);
	for (size_t i = 0; i < iv->n && ret == 0; i++) {
		struct fc_interval loose = iv->v[i];
		char overdue[11], soon[11];

		if (fc_due_interval(iv, iv->v[i].kind) != &iv->v[i])
			continue;
		due_districts_differ(d, &iv->v[i], &loose.months);
		due_cutoffs(iv, &loose, today, overdue, soon);
		/* Another programme of the kind: every household, each decided alone. */
		if (fc_store_each_due(st, iv->v[i].kind,
				      due_kind_shared(iv, iv->v[i].kind) ? "~"
				      : with_soon			 ? soon
									 : overdue,
				      0, due_each_one, &c, err) == -1)
			ret = -1;
		if (c.stopped)
			break;
	}
	fc_intervals_cache_free(&d->cache);
	free(d);
	return ret;
}

struct due_hazard_ctx {
	struct fc_date today;
	fc_due_hazard_fn fn;
	void *ctx;
};

static int
due_hazard_one(const struct fc_hazard_entry *h, void *arg, struct fc_error *err)
{
	struct due_hazard_ctx *c = arg;
	struct fc_date found;
	int64_t age = 0;

	if (fc_date_parse(h->found, &found) == 0)
		age = fc_date_serial(c->today) - fc_date_serial(found);
	return c->fn(h, age, c->ctx, err);
}

int
fc_due_each_open_hazard(struct fc_store *st, const char *household, struct fc_date today,
			fc_due_hazard_fn fn, void *ctx, struct fc_error *err)
{
	struct due_hazard_ctx c = {today, fn, ctx};

	return fc_store_each_open_hazard(st, household, due_hazard_one, &c, err);
}

struct due_revisit_ctx {
	struct fc_date today;
	fc_due_revisit_fn fn;
	void *ctx;
};

static int
due_revisit_one(const struct fc_revisit *r, void *arg, struct fc_error *err)
{
	struct due_revisit_ctx *c = arg;
	struct fc_date visited;
	int64_t days = 0;

	if (fc_date_parse(r->visited, &visited) == 0)
		days = fc_date_serial(c->today) - fc_date_serial(visited);
	return c->fn(r, days, c->ctx, err);
}

int
fc_due_each_revisit(struct fc_store *st, struct fc_date today, fc_due_revisit_fn fn, void *ctx,
		    struct fc_error *err)
{
	struct due_revisit_ctx c = {today, fn, ctx};

	return fc_store_each_revisit(st, due_revisit_one, &c, err);
}
