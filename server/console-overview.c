/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-overview.c: the console's overview and hazard ledger.
 *
 * Both read the ledger's rows (programmes, hazards, versions: store/ledger.c
 * wrote them with core/ledger.c's answers) through store/console.c, scoped
 * like every console call to the account's districts (or the one district
 * asked for, 403 for another). The store gives counts grouped by stored
 * values (a due date, a found date, a severity); what those values mean is
 * named here by core/: the due state by fc_due_state_of(), an open hazard's
 * age bucket by fc_due_age_bucket(), a major hazard by fc_hazard_is_major().
 * Nothing here or in the SQL decides what is due, open or closed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/date.h"
#include "core/due.h"
#include "core/hazard.h"
#include "core/ledger.h"
#include "core/template.h"
#include "server/console.h"
#include "server/store/console.h"

#define OV_WEEKS 52
#define OV_CATERING "catering" /* the registry's kind of a catering unit */
#define HZ_LIMIT_DEFAULT 200
#define HZ_LIMIT_MAX 1000

/* The rows of q for the districts kept, with one more parameter (p2, or num when NULL). */
static int
ov_rows(struct console_ctx *c, enum fc_scon q, const char *scope, const char *p2, int64_t num,
	json_t **out)
{
	struct fc_scon_param p[] = {{scope, 0}, {p2, num}};
	struct fc_error err = {0};

	if (fc_sstore_console(c->r->st, q, p, p2 != NULL || num != 0 ? 2 : 1, out, &err) != 0) {
		fc_console_fail_store(c->r, &err);
		return -1;
	}
	return 0;
}

static const char *
ov_str(json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));

	return v != NULL ? v : "";
}

static json_int_t
ov_int(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* obj[key] += n (a new member starts at 0). */
static void
ov_add(json_t *obj, const char *key, json_int_t n)
{
	json_object_set_new(obj, key, json_integer(ov_int(obj, key) + n));
}

/* The object for (district, programme) in map, created with zero counts. */
static json_t *
ov_group(json_t *map, const char *district, const char *programme)
{
	char key[2 * FC_ID_MAX + 2];
	json_t *g;

	snprintf(key, sizeof key, "%s\t%s", district, programme);
	if ((g = json_object_get(map, key)) == NULL) {
		g = json_pack("{s:s,s:s,s:i,s:i,s:i,s:i}", "district", district, "programme",
			      programme, "ok", 0, "soon", 0, "overdue", 0, "total", 0);
		json_object_set_new(map, key, g);
	}
	return g;
}

static int
ov_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The values of map in key order, as an array (map is released). */
static json_t *
ov_sorted(json_t *map)
{
	size_t n = json_object_size(map), i = 0;
	const char **keys = calloc(n + 1, sizeof *keys);
	json_t *out = json_array(), *v;
	const char *key;

	if (keys != NULL) {
		json_object_foreach(map, key, v)
			keys[i++] = key;
		qsort(keys, n, sizeof *keys, ov_cmp);
		for (i = 0; i < n; i++)
			json_array_append(out, json_object_get(map, keys[i]));
		free(keys);
	}
	json_decref(map);
	return out;
}

/*
 * The counters the overview sums row by row, read without a JSON object per
 * row (fc_sstore_console_cells): at 1 000 000 records the city's due dates,
 * open hazards' found dates and the year's days are some 50 000 rows, and
 * making and freeing an object for each was most of the call's time.
 */
struct ov_due {
	char key[2 * FC_ID_MAX + 2]; /* "district\tprogramme": listed in this order */
	size_t split;		     /* where programme starts in key */
	json_int_t n[3];	     /* by enum fc_due_state */
};

struct ov_sums {
	struct fc_date today;
	int soon_days;
	int64_t first; /* the chart's first Monday */
	struct ov_due *due;
	size_t ndue, cap, last;
	int nomem;
	json_int_t hh[3]; /* households by enum fc_due_state of their earliest due date */
	json_int_t age_n[FC_DUE_AGE_BUCKETS], age_major[FC_DUE_AGE_BUCKETS];
	json_int_t week[OV_WEEKS][2]; /* inspections, hazards */
};

/* The group of (district, programme), added with zero counts; NULL when out of memory. */
static struct ov_due *
ov_due_group(struct ov_sums *s, const char *district, const char *programme)
{
	char key[sizeof s->due->key];
	size_t i;

	snprintf(key, sizeof key, "%s\t%s", district, programme);
	/* The rows come in key order, so the last group is nearly always the one. */
	if (s->ndue > 0 && strcmp(s->due[s->last].key, key) == 0)
		return &s->due[s->last];
	for (i = 0; i < s->ndue && strcmp(s->due[i].key, key) != 0; i++)
		;
	if (i == s->ndue) {
		if (s->ndue == s->cap) {
			size_t cap = s->cap > 0 ? 2 * s->cap : 64;
			struct ov_due *d = realloc(s->due, cap * sizeof *d);

			if (d == NULL)
				return NULL;
			s->due = d;
			s->cap = cap;
		}
		memset(&s->due[i], 0, sizeof s->due[i]);
		memcpy(s->due[i].key, key, sizeof key);
		s->due[i].split = strlen(district) + 1;
		s->ndue++;
	}
	s->last = i;
	return &s->due[i];
}

/* A row of FC_SCON_PROG_DUE: district, programme, due, n. */
static void
ov_due_row(const char *const *cell, void *ctx)
{
	struct ov_sums *s = ctx;
	struct ov_due *g = ov_due_group(s, cell[0], cell[1]);

	if (g == NULL) {
		s->nomem = 1;
		return;
	}
	g->n[fc_due_state_of(cell[2], s->today, s->soon_days)] += strtoll(cell[3], NULL, 10);
}

/*
 * A row of FC_SCON_HH_DUE: district, due, n. Each household is counted once,
 * by the earliest due date of its programmes (core/aggregate.c): overdue when
 * any of its programmes is, however many.
 */
static void
ov_hh_row(const char *const *cell, void *ctx)
{
	struct ov_sums *s = ctx;

	s->hh[fc_due_state_of(cell[1], s->today, s->soon_days)] += strtoll(cell[2], NULL, 10);
}

static int
ov_due_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ov_due *)a)->key, ((const struct ov_due *)b)->key);
}

/*
 * Per district and programme: households inside that programme's cycle, due
 * soon, overdue. A household due in two programmes is in two rows: these add
 * up to programme checks, not households (ov_households()).
 */
static json_t *
ov_programmes(struct ov_sums *s)
{
	json_t *out = json_array();

	if (s->ndue > 0)
		qsort(s->due, s->ndue, sizeof *s->due, ov_due_cmp);
	for (size_t i = 0; i < s->ndue; i++) {
		struct ov_due *g = &s->due[i];
		json_int_t *n = g->n;

		g->key[g->split - 1] = '\0';
		json_array_append_new(
		    out, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "district", g->key, "programme",
				   g->key + g->split, "ok", n[FC_DUE_OK], "soon", n[FC_DUE_SOON],
				   "overdue", n[FC_DUE_OVERDUE], "total",
				   n[FC_DUE_OK] + n[FC_DUE_SOON] + n[FC_DUE_OVERDUE]));
	}
	return out;
}

/* Households, each once: inside every cycle, due soon in one, overdue in one. */
static json_t *
ov_households(const struct ov_sums *s)
{
	const json_int_t *n = s->hh;

	return json_pack("{s:I,s:I,s:I,s:I}", "ok", n[FC_DUE_OK], "soon", n[FC_DUE_SOON], "overdue",
			 n[FC_DUE_OVERDUE], "total",
			 n[FC_DUE_OK] + n[FC_DUE_SOON] + n[FC_DUE_OVERDUE]);
}

/* Per district and programme: households inspected, by the grade of their last inspection. */
static json_t *
ov_grades(json_t *rows)
{
	json_t *map = json_object(), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		json_t *g = ov_group(map, ov_str(row, "district"), ov_str(row, "programme"));

		if (json_object_get(g, "grades") == NULL)
			json_object_set_new(g, "grades", json_object());
		ov_add(g, "inspected", ov_int(row, "n"));
		if (ov_str(row, "grade")[0] != '\0')
			ov_add(json_object_get(g, "grades"), ov_str(row, "grade"),
			       ov_int(row, "n"));
	}
	json_array_foreach(rows, i, row) {
		json_t *g = ov_group(map, ov_str(row, "district"), ov_str(row, "programme"));

		json_object_del(g, "ok");
		json_object_del(g, "soon");
		json_object_del(g, "overdue");
		json_object_del(g, "total");
	}
	return ov_sorted(map);
}

/* Hazards by state and severity, open ones by age; a district's counts under "districts". */
static json_t *
ov_hazards(json_t *states, const struct ov_sums *s)
{
	json_t *h =
	    json_pack("{s:i,s:i,s:i,s:i,s:{},s:[],s:{}}", "found", 0, "rectified", 0, "open", 0,
		      "major_open", 0, "open_by_severity", "open_by_age", "districts");
	json_t *ages = json_object_get(h, "open_by_age"), *row;
	size_t i;

	for (int b = 0; b < FC_DUE_AGE_BUCKETS; b++)
		json_array_append_new(ages, json_pack("{s:i,s:s,s:i,s:i}", "bucket", b, "age",
						      fc_due_age_name(b), "n", 0, "major", 0));
	json_array_foreach(states, i, row) {
		const char *st = ov_str(row, "status");
		json_int_t n = ov_int(row, "n");
		json_t *d =
		    json_object_get(json_object_get(h, "districts"), ov_str(row, "district"));

		if (d == NULL) {
			d = json_pack("{s:i,s:i,s:i,s:i}", "found", 0, "rectified", 0, "open", 0,
				      "major_open", 0);
			json_object_set_new(json_object_get(h, "districts"),
					    ov_str(row, "district"), d);
		}
		if (strcmp(st, FC_HAZARD_SUPERSEDED) == 0)
			continue;
		ov_add(h, "found", n);
		ov_add(d, "found", n);
		if (strcmp(st, FC_HAZARD_RECTIFIED) == 0) {
			ov_add(h, "rectified", n);
			ov_add(d, "rectified", n);
		}
		if (strcmp(st, FC_HAZARD_OPEN) == 0) {
			int major = fc_hazard_is_major(ov_str(row, "severity"));

			ov_add(h, "open", n);
			ov_add(d, "open", n);
			ov_add(json_object_get(h, "open_by_severity"), ov_str(row, "severity"), n);
			ov_add(h, "major_open", major ? n : 0);
			ov_add(d, "major_open", major ? n : 0);
		}
	}
	for (int b = 0; b < FC_DUE_AGE_BUCKETS; b++) {
		ov_add(json_array_get(ages, (size_t)b), "n", s->age_n[b]);
		ov_add(json_array_get(ages, (size_t)b), "major", s->age_major[b]);
	}
	return h;
}

/* A row of FC_SCON_HAZ_OPEN: district, severity, found, n (open hazards). */
static void
ov_open_row(const char *const *cell, void *ctx)
{
	struct ov_sums *s = ctx;
	struct fc_date found;
	int64_t age = 1L << 30;
	json_int_t n = strtoll(cell[3], NULL, 10);

	if (fc_date_parse(cell[2], &found) == 0)
		age = fc_date_serial(s->today) - fc_date_serial(found);
	int b = fc_due_age_bucket(age);
	s->age_n[b] += n;
	if (fc_hazard_is_major(cell[1]))
		s->age_major[b] += n;
}

/* Monday of the week holding day (1970-01-01 was a Thursday). */
static int64_t
ov_monday(int64_t serial)
{
	return serial - ((serial % 7 + 7 + 3) % 7);
}

/* A row of FC_SCON_WEEK_INSPECTIONS or _HAZARDS (district, day, n) into column col. */
static void
ov_week_add(struct ov_sums *s, const char *const *cell, int col)
{
	struct fc_date d;
	int64_t w;

	if (fc_date_parse(cell[1], &d) != 0)
		return;
	w = (ov_monday(fc_date_serial(d)) - s->first) / 7;
	if (w >= 0 && w < OV_WEEKS)
		s->week[w][col] += strtoll(cell[2], NULL, 10);
}

static void
ov_week_ins_row(const char *const *cell, void *ctx)
{
	ov_week_add(ctx, cell, 0);
}

static void
ov_week_haz_row(const char *const *cell, void *ctx)
{
	ov_week_add(ctx, cell, 1);
}

/* Inspections and hazards found per week, the last OV_WEEKS weeks, oldest first. */
static json_t *
ov_weeks(const struct ov_sums *s)
{
	json_t *weeks = json_array();
	char day[11];

	for (int w = 0; w < OV_WEEKS; w++) {
		fc_date_format(fc_date_add_days((struct fc_date){1970, 1, 1}, s->first + 7 * w),
			       day);
		json_array_append_new(weeks, json_pack("{s:s,s:I,s:I}", "week", day, "inspections",
						       s->week[w][0], "hazards", s->week[w][1]));
	}
	return weeks;
}

static json_t *
ov_synced(json_t *rows)
{
	json_t *out = json_pack("{s:i,s:i}", "records", 0, "devices", 0), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		ov_add(out, "records", ov_int(row, "records"));
		ov_add(out, "devices", ov_int(row, "devices"));
	}
	return out;
}

/* 1 when item is in the gas template's "alarm" section (the gas alarm items, docs/gas.md §5). */
static int
ov_alarm_item(const char *item)
{
	struct fc_error err = {0};
	const struct fc_template *tpl = fc_templates_find(fc_console_templates(), "gas", 0, &err);
	const struct fc_item *it;

	if (tpl == NULL || (it = fc_template_item(tpl, item)) == NULL)
		return 0;
	return strcmp(tpl->sections[it->section].id, "alarm") == 0;
}

/*
 * Catering units with a working gas alarm: those whose current gas
 * inspection has no open hazard on an alarm item, out of every catering unit
 * of the registry (one never inspected is not known to have one).
 */
static json_t *
ov_alarm(json_t *kinds, json_t *done, json_t *open)
{
	json_t *out = json_pack("{s:i,s:i,s:i}", "catering", 0, "inspected", 0, "working", 0);
	json_t *row;
	size_t i;

	json_array_foreach(kinds, i, row) {
		if (strcmp(ov_str(row, "kind"), OV_CATERING) == 0)
			ov_add(out, "catering", ov_int(row, "n"));
	}
	json_array_foreach(done, i, row) {
		if (strcmp(ov_str(row, "kind"), OV_CATERING) == 0 &&
		    strcmp(ov_str(row, "programme"), "gas") == 0) {
			ov_add(out, "inspected", ov_int(row, "n"));
			ov_add(out, "working", ov_int(row, "n"));
		}
	}
	json_array_foreach(open, i, row) {
		if (strcmp(ov_str(row, "kind"), OV_CATERING) == 0 &&
		    strcmp(ov_str(row, "programme"), "gas") == 0 &&
		    ov_alarm_item(ov_str(row, "item")))
			ov_add(out, "working", -ov_int(row, "n"));
	}
	return out;
}

/* The rows the overview reads whole; all released by ov_release(). */
struct ov_data {
	json_t *grades, *states, *synced, *kinds, *done, *kopen;
};

static void
ov_release(struct ov_data *d, struct ov_sums *s)
{
	json_t **v[] = {&d->grades, &d->states, &d->synced, &d->kinds, &d->done, &d->kopen};

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		json_decref(*v[i]);
	free(s->due);
}

/* The rows of q summed into s by fn (one more parameter p2 when not NULL). */
static int
ov_sum(struct console_ctx *c, enum fc_scon q, const char *scope, const char *p2,
       fc_scon_cells_fn fn, struct ov_sums *s)
{
	struct fc_scon_param p[] = {{scope, 0}, {p2, 0}};
	struct fc_error err = {0};

	if (fc_sstore_console_cells(c->r->st, q, p, p2 != NULL ? 2 : 1, fn, s, &err) == 0 &&
	    s->nomem)
		fc_error_set(&err, FC_E_NOMEM, "out of memory");
	if (err.code != 0) {
		fc_console_fail_store(c->r, &err);
		return -1;
	}
	return 0;
}

static int
ov_read(struct console_ctx *c, const char *scope, const char *since, struct ov_data *d,
	struct ov_sums *s)
{
	char today[11];

	fc_date_local_day(c->now, 0, today);
	return ov_sum(c, FC_SCON_PROG_DUE, scope, NULL, ov_due_row, s) ||
	       ov_sum(c, FC_SCON_HH_DUE, scope, NULL, ov_hh_row, s) ||
	       ov_sum(c, FC_SCON_HAZ_OPEN, scope, NULL, ov_open_row, s) ||
	       ov_sum(c, FC_SCON_WEEK_INSPECTIONS, scope, since, ov_week_ins_row, s) ||
	       ov_sum(c, FC_SCON_WEEK_HAZARDS, scope, since, ov_week_haz_row, s) ||
	       ov_rows(c, FC_SCON_PROG_GRADES, scope, NULL, 0, &d->grades) ||
	       ov_rows(c, FC_SCON_HAZ_STATES, scope, NULL, 0, &d->states) ||
	       ov_rows(c, FC_SCON_SYNCED, scope, today, 0, &d->synced) ||
	       ov_rows(c, FC_SCON_KINDS, scope, OV_CATERING, 0, &d->kinds) ||
	       ov_rows(c, FC_SCON_KIND_DONE, scope, OV_CATERING, 0, &d->done) ||
	       ov_rows(c, FC_SCON_KIND_OPEN, scope, OV_CATERING, 0, &d->kopen);
}

/* Today (the server's local day, as its summaries count), and the chart's first Monday. */
static struct fc_date
ov_today(time_t now, int64_t *first)
{
	char day[11];
	struct fc_date today;

	fc_date_local_day(now, 0, day);
	fc_date_parse(day, &today);
	*first = ov_monday(fc_date_serial(today)) - 7 * (OV_WEEKS - 1);
	return today;
}

int
fc_console_overview(struct console_ctx *c)
{
	struct ov_data d = {0};
	struct ov_sums s = {0};
	struct fc_intervals iv;
	struct fc_error err = {0};
	const char *district;
	char since[11], asof[11];
	int mhd = MHD_NO;

	if (fc_console_district(c, &district, &mhd))
		return mhd;
	const char *scope = district[0] != '\0' ? district : c->sess.account.districts;
	s.today = ov_today(c->now, &s.first);
	s.soon_days = fc_due_load(NULL, &iv, &err) == 0 ? iv.soon_days : FC_DUE_SOON_DAYS;
	fc_date_format(fc_date_add_days((struct fc_date){1970, 1, 1}, s.first), since);
	fc_date_format(s.today, asof);
	if (ov_read(c, scope, since, &d, &s) != 0) {
		ov_release(&d, &s);
		return MHD_YES;
	}
	json_t *out = json_pack(
	    "{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "as_of", asof, "district", district,
	    "households", ov_households(&s), "programmes", ov_programmes(&s), "grades",
	    ov_grades(d.grades), "alarm", ov_alarm(d.kinds, d.done, d.kopen), "hazards",
	    ov_hazards(d.states, &s), "synced_today", ov_synced(d.synced), "weeks", ov_weeks(&s));
	ov_release(&d, &s);
	return fc_console_json(c->r, MHD_HTTP_OK, out);
}

/* The hazard ledger */

/* Days from found to closed (or to today while open), into row as "days". */
static void
hz_days(json_t *row, struct fc_date today)
{
	struct fc_date found, closed = today;
	const char *cl = ov_str(row, "closed");

	if (fc_date_parse(ov_str(row, "found"), &found) != 0 ||
	    (cl[0] != '\0' && fc_date_parse(cl, &closed) != 0))
		return;
	json_object_set_new(row, "days",
			    json_integer(fc_date_serial(closed) - fc_date_serial(found)));
	json_object_set_new(row, "major",
			    json_boolean(fc_hazard_is_major(ov_str(row, "severity"))));
}

int
fc_console_hazards(struct console_ctx *c)
{
	static const char *const states[] = {FC_HAZARD_OPEN, FC_HAZARD_RECTIFIED,
					     FC_HAZARD_SUPERSEDED, FC_HAZARD_REINSPECTED, NULL};
	const char *district, *state, *age, *programme, *severity;
	const char *ages[FC_DUE_AGE_BUCKETS + 1];
	char age_names[FC_DUE_AGE_BUCKETS][12];
	long limit = fc_console_num(c, "limit", HZ_LIMIT_DEFAULT, HZ_LIMIT_MAX);
	long offset = fc_console_num(c, "offset", 0, 1L << 30);
	char from[11] = "", to[11] = "";
	struct fc_error err = {0};
	json_t *rows = NULL, *row;
	int64_t first;
	int mhd = MHD_NO;
	size_t i;

	/* An age is the number of one of core/due.c's buckets. */
	for (int b = 0; b < FC_DUE_AGE_BUCKETS; b++) {
		snprintf(age_names[b], sizeof age_names[b], "%d", b);
		ages[b] = age_names[b];
	}
	ages[FC_DUE_AGE_BUCKETS] = NULL;
	if (fc_console_district(c, &district, &mhd) ||
	    (programme = fc_console_held(c, "programme", &mhd)) == NULL ||
	    (severity = fc_console_held(c, "severity", &mhd)) == NULL ||
	    (state = fc_console_choice(c, "state", states, &mhd)) == NULL ||
	    (age = fc_console_choice(c, "age", ages, &mhd)) == NULL)
		return mhd;
	if (limit < 0 || offset < 0)
		return fc_console_fail(c->r, FC_CERR_PAGE_ARGS);
	struct fc_date today = ov_today(c->now, &first);
	if (age[0] != '\0')
		fc_due_age_range(atoi(age), today, from, to);
	struct fc_scon_param p[] = {{district[0] != '\0' ? district : c->sess.account.districts, 0},
				    {programme, 0},
				    {severity, 0},
				    {state, 0},
				    {from, 0},
				    {to, 0},
				    {NULL, limit},
				    {NULL, offset}};
	if (fc_sstore_console(c->r->st, FC_SCON_HAZARDS, p, 8, &rows, &err) != 0)
		return fc_console_fail_store(c->r, &err);
	json_array_foreach(rows, i, row)
		hz_days(row, today);
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "hazards", rows));
}
