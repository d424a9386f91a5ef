/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/report.c: the reports the server builds from its store: the
 * assignments a device pulls and the supervisors' summary.
 *
 * Each report is a handful of queries (their SQL is in each
 * backend's table, store/sqlite.c and store/pg.c, like every other
 * statement) whose rows are put straight into JSON here. Rows arrive through
 * struct fc_sstore_row, so this file builds the same JSON from SQLite and
 * from PostgreSQL. The assignments read the ledger's rows (store/ledger.c,
 * computed by core/ledger.c); the summary's counts read the counters kept
 * from the ledger as records arrive (store/aggregate.c, computed by
 * core/aggregate.c), so it costs the same at a million records as at ten.
 * No interval, deadline or closing rule is written here or in the SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "server/store/internal.h"
#include "server/store/pg.h"

static json_t *
row_json(const struct fc_sstore_row *r, int col)
{
	return json_string(r->text(r, col));
}

static json_int_t
row_int(const struct fc_sstore_row *r, int col)
{
	return (json_int_t)strtoll(r->text(r, col), NULL, 10);
}

static void
add_due(const struct fc_sstore_row *r, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "household",
					     row_json(r, 0), "address", row_json(r, 1), "resident",
					     row_json(r, 2), "kind", row_json(r, 3), "last_check",
					     row_json(r, 4), "programme", row_json(r, 5), "due",
					     row_json(r, 6)));
}

static void
add_open(const struct fc_sstore_row *r, void *ctx)
{
	json_array_append_new(ctx,
			      json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "record", row_json(r, 0),
					"household", row_json(r, 1), "item", row_json(r, 2),
					"severity", row_json(r, 3), "day", row_json(r, 4),
					"programme", row_json(r, 5), "deadline", row_json(r, 6)));
}

/* Due rows in the order the query gives one district's: due, household, programme. */
static int
due_cmp(const void *a, const void *b)
{
	static const char *const keys[] = {"due", "household", "programme"};
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		int c = strcmp(json_string_value(json_object_get(x, keys[k])),
			       json_string_value(json_object_get(y, keys[k])));
		if (c != 0)
			return c;
	}
	return 0;
}

/*
 * The first limit due rows over several districts' lists (each already in
 * order and at most limit long): sorted together, the rest dropped.
 */
static int
due_merge(json_t **due, size_t limit, struct fc_error *err)
{
	size_t n = json_array_size(*due), i;
	json_t **rows = malloc((n > 0 ? n : 1) * sizeof *rows), *v, *out;

	if (rows == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory reading assignments");
	json_array_foreach(*due, i, v)
		rows[i] = v;
	qsort(rows, n, sizeof *rows, due_cmp);
	out = json_array();
	for (i = 0; i < n && i < limit; i++)
		json_array_append(out, rows[i]);
	free(rows);
	json_decref(*due);
	*due = out;
	return 0;
}

/*
 * The households due in each of the districts (comma-separated), asked one
 * district at a time: a district's rows come in the order of its index, so
 * a district of 50 000 households reads only the first limit of them instead
 * of sorting all (an IN list over districts made the database sort).
 */
static int
due_households(struct fc_sstore *st, const char *districts, const char *today, size_t limit,
	       json_t **due, struct fc_error *err)
{
	const char *p = districts;
	size_t lists = 0;
	char one[FC_ID_MAX];

	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len > 0 && len < sizeof one) {
			struct fc_sstore_param pdue[] = {
			    {one, 0}, {today, 0}, {NULL, (int64_t)limit}};

			memcpy(one, p, len);
			one[len] = '\0';
			if (st->ops->rows(st, SQL_DUE_HOUSEHOLDS, pdue, 3, add_due, *due, err) != 0)
				return -1;
			lists++;
		}
		p += len + (p[len] == ',');
	}
	return lists > 1 ? due_merge(due, limit, err) : 0;
}

int
fc_sstore_assignments(struct fc_sstore *st, const char *district, const char *today, size_t limit,
		      json_t **out, struct fc_error *err)
{
	json_t *due = json_array(), *open = json_array(), *res = NULL;
	char *in = fc_sstore_districts_json(district);
	struct fc_sstore_param popen[] = {{in, 0}, {NULL, (int64_t)limit}};

	if (in == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory reading assignments");
	if (due_households(st, district, today, limit, &due, err) != 0 ||
	    st->ops->rows(st, SQL_OPEN_HAZARDS, popen, 2, add_open, open, err) != 0) {
		json_decref(due);
		json_decref(open);
		free(in);
		return fc_error_prefix(err, "assignments");
	}
	free(in);
	res = json_pack("{s:s,s:s,s:o,s:o}", "district", district, "as_of", today, "due", due,
			"hazards", open);
	if (res == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building assignments");
	*out = res;
	return 0;
}

/* The group object for key in groups, created with zero counts when new. */
static json_t *
sstore_group(json_t *groups, const char *key)
{
	json_t *g = json_object_get(groups, key);

	if (g != NULL)
		return g;
	g = json_pack("{s:s,s:i,s:i,s:i,s:i,s:{},s:{},s:i,s:i,s:i,s:i,s:i,s:i,s:{},s:[],s:[]}",
		      "key", key, "inspections", 0, "nobody_home", 0, "refusals", 0, "followups", 0,
		      "hazards", "hazard_items", "hazards_open", 0, "hazards_overdue", 0,
		      "hazards_rectified", 0, "hazards_superseded", 0, "hazards_reinspected", 0,
		      "households_overdue", 0, "grades", "devices", "forks");
	json_object_set_new(groups, key, g);
	return g;
}

/* Each counter goes into the group it names, under field. */
struct sum_ctx {
	json_t *groups;
	const char *field;
};

static void
sum_count(const char *grp, const char *sub, int64_t n, void *ctx)
{
	struct sum_ctx *c = ctx;

	(void)sub;
	json_object_set_new(sstore_group(c->groups, grp), c->field, json_integer(n));
}

static void
sum_sub(const char *grp, const char *sub, int64_t n, void *ctx)
{
	struct sum_ctx *c = ctx;

	json_object_set_new(json_object_get(sstore_group(c->groups, grp), c->field), sub,
			    json_integer(n));
}

/* Hazards by state: field "hazards_" and the state's name. */
static void
sum_state(const char *grp, const char *sub, int64_t n, void *ctx)
{
	struct sum_ctx *c = ctx;
	char field[64];

	snprintf(field, sizeof field, "%s%s", c->field, sub);
	json_object_set_new(sstore_group(c->groups, grp), field, json_integer(n));
}

/* Which counter fills which field of a group (core/aggregate.h). */
static const struct sum_field {
	const char *metric, *field;
	fc_sagg_fn fn;
} sum_fields[] = {
    {FC_AGG_INSPECTIONS, "inspections", sum_count},
    {FC_AGG_NOBODY_HOME, "nobody_home", sum_count},
    {FC_AGG_REFUSALS, "refusals", sum_count},
    {FC_AGG_FOLLOWUPS, "followups", sum_count},
    {FC_AGG_SEVERITY, "hazards", sum_sub},
    {FC_AGG_ITEMS, "hazard_items", sum_sub},
    {FC_AGG_STATES, "hazards_", sum_state},
    {FC_AGG_OPEN_UNTIL, "hazards_overdue", sum_count},
    {FC_AGG_GRADES, "grades", sum_sub},
    {FC_AGG_DUE, "households_overdue", sum_count},
};

/* Rows of query id (by, then the group in column 0) go to add. */
struct sum_rows {
	json_t *groups;
	void (*add)(json_t *g, const struct fc_sstore_row *r);
};

/*
 * A device belongs to its inspector, and by district to each district the
 * inspector holds: an inspector of D1,D2 is listed under D1 and under D2,
 * never in a column of their own ("D1,D2") beside the households' districts.
 */
static void
sum_row(const struct fc_sstore_row *r, void *ctx)
{
	struct sum_rows *c = ctx;
	const char *p = r->text(r, 0);
	char one[FC_ID_MAX];

	for (;;) {
		size_t n = strcspn(p, ",");

		snprintf(one, sizeof one, "%.*s", (int)n, p);
		c->add(sstore_group(c->groups, one), r);
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
}

static int
sstore_sum_query(struct fc_sstore *st, enum sql_id id, const char *by, json_t *groups,
		 void (*add)(json_t *g, const struct fc_sstore_row *r), struct fc_error *err)
{
	struct fc_sstore_param p[1] = {{by, 0}};
	struct sum_rows c = {groups, add};

	return st->ops->rows(st, id, p, 1, sum_row, &c, err);
}

static int
sstore_sum_counters(struct fc_sstore *st, const char *by, const char *since, const char *today,
		    json_t *groups, struct fc_error *err)
{
	for (size_t i = 0; i < sizeof sum_fields / sizeof sum_fields[0]; i++) {
		struct sum_ctx c = {groups, sum_fields[i].field};

		if (fc_sstore_aggregate(st, by, sum_fields[i].metric, since, today,
					sum_fields[i].fn, &c, err) != 0)
			return -1;
	}
	return 0;
}

static void
sum_add_device(json_t *g, const struct fc_sstore_row *r)
{
	json_array_append_new(json_object_get(g, "devices"),
			      json_pack("{s:s,s:s,s:I,s:I}", "device", r->text(r, 1), "inspector",
					r->text(r, 2), "last_sync", row_int(r, 3), "held",
					row_int(r, 4)));
}

static void
sum_add_fork(json_t *g, const struct fc_sstore_row *r)
{
	json_array_append_new(json_object_get(g, "forks"),
			      json_pack("{s:s,s:s,s:I,s:I}", "device", r->text(r, 1), "inspector",
					r->text(r, 2), "seq", row_int(r, 3), "received_at",
					row_int(r, 4)));
}

static int
sstore_cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
fc_sstore_summary(struct fc_sstore *st, const char *by, const char *since, const char *today,
		  json_t **out, struct fc_error *err)
{
	json_t *groups = json_object(), *list = NULL;
	const char **keys = NULL;
	const char *key;
	json_t *v;
	size_t n = 0;

	if (groups == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building the summary");
	if (sstore_sum_counters(st, by, since, today, groups, err) != 0 ||
	    sstore_sum_query(st, SQL_SUM_DEVICES, by, groups, sum_add_device, err) ||
	    sstore_sum_query(st, SQL_SUM_FORKS, by, groups, sum_add_fork, err)) {
		json_decref(groups);
		return fc_error_prefix(err, "summary");
	}
	keys = calloc(json_object_size(groups) + 1, sizeof *keys);
	list = json_array();
	if (keys == NULL || list == NULL) {
		free(keys);
		json_decref(list);
		json_decref(groups);
		return fc_error_set(err, FC_E_NOMEM, "out of memory building the summary");
	}
	json_object_foreach(groups, key, v)
		keys[n++] = key;
	qsort(keys, n, sizeof *keys, sstore_cmp_keys);
	for (size_t i = 0; i < n; i++)
		json_array_append(list, json_object_get(groups, keys[i]));
	free(keys);
	json_decref(groups);
	*out = json_pack("{s:s,s:s,s:s,s:o}", "by", by, "since", since, "until", today, "groups",
			 list);
	if (*out == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building the summary");
	return 0;
}
