/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/report.c: the reports the server builds from its store: the
 * assignments a device pulls and the supervisors' summary.
 *
 * Each report is a handful of aggregate queries (their SQL is in each
 * backend's table, store/sqlite.c and store/pg.c, like every other
 * statement) whose rows are put straight into JSON here. Rows arrive through
 * struct fc_sstore_row, so this file builds the same JSON from SQLite and
 * from PostgreSQL. Every count reads the ledger's rows (store/ledger.c,
 * computed by core/ledger.c): households and hazards by the household's
 * district, each original once by its current version, hazards by their
 * state, overdue by the ledger's due dates and hazard deadlines. No
 * interval, deadline or closing rule is written here or in the SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/internal.h"
#include "server/store/pg.h"

void
fc_sstore_day(time_t t, long days_back, char out[11])
{
	struct tm tm;
	time_t when = t - (time_t)days_back * 86400;

	gmtime_r(&when, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

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

int
fc_sstore_assignments(struct fc_sstore *st, const char *district, const char *today, size_t limit,
		      json_t **out, struct fc_error *err)
{
	json_t *due = json_array(), *open = json_array(), *res = NULL;
	char *in = fc_sstore_districts_json(district);
	struct fc_sstore_param pdue[] = {{in, 0}, {today, 0}, {NULL, (int64_t)limit}};
	struct fc_sstore_param popen[] = {{in, 0}, {NULL, (int64_t)limit}};

	if (in == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory reading assignments");
	if (st->ops->rows(st, SQL_DUE_HOUSEHOLDS, pdue, 3, add_due, due, err) != 0 ||
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

/* Each summary query's rows go into the group named by their first column. */
struct sum_ctx {
	json_t *groups;
	void (*add)(json_t *g, const struct fc_sstore_row *r);
};

static void
sum_row(const struct fc_sstore_row *r, void *ctx)
{
	struct sum_ctx *c = ctx;

	c->add(sstore_group(c->groups, r->text(r, 0)), r);
}

/* Run summary query id with by and up to two texts (NULL: the query has fewer). */
static int
sstore_sum_query(struct fc_sstore *st, enum sql_id id, const char *by, const char *p2,
		 const char *p3, json_t *groups,
		 void (*add)(json_t *g, const struct fc_sstore_row *r), struct fc_error *err)
{
	struct fc_sstore_param p[3] = {{by, 0}, {p2, 0}, {p3, 0}};
	struct sum_ctx c = {groups, add};

	return st->ops->rows(st, id, p, p2 == NULL ? 1 : p3 == NULL ? 2 : 3, sum_row, &c, err);
}

static void
sum_add_records(json_t *g, const struct fc_sstore_row *r)
{
	json_object_set_new(g, "inspections", json_integer(row_int(r, 1)));
	json_object_set_new(g, "nobody_home", json_integer(row_int(r, 2)));
	json_object_set_new(g, "refusals", json_integer(row_int(r, 3)));
}

static void
sum_add_followups(json_t *g, const struct fc_sstore_row *r)
{
	json_object_set_new(g, "followups", json_integer(row_int(r, 1)));
}

static void
sum_add_severity(json_t *g, const struct fc_sstore_row *r)
{
	json_object_set_new(json_object_get(g, "hazards"), r->text(r, 1),
			    json_integer(row_int(r, 2)));
}

static void
sum_add_item(json_t *g, const struct fc_sstore_row *r)
{
	json_object_set_new(json_object_get(g, "hazard_items"), r->text(r, 1),
			    json_integer(row_int(r, 2)));
}

static void
sum_add_states(json_t *g, const struct fc_sstore_row *r)
{
	static const char *const col[] = {"hazards_open", "hazards_overdue", "hazards_rectified",
					  "hazards_superseded", "hazards_reinspected"};

	for (int i = 0; i < 5; i++)
		json_object_set_new(g, col[i], json_integer(row_int(r, i + 1)));
}

static void
sum_add_grade(json_t *g, const struct fc_sstore_row *r)
{
	json_object_set_new(json_object_get(g, "grades"), r->text(r, 1),
			    json_integer(row_int(r, 2)));
}

static void
sum_add_overdue(json_t *g, const struct fc_sstore_row *r)
{
	json_object_set_new(g, "households_overdue", json_integer(row_int(r, 1)));
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
	if (sstore_sum_query(st, SQL_SUM_RECORDS, by, since, NULL, groups, sum_add_records, err) ||
	    sstore_sum_query(st, SQL_SUM_FOLLOWUPS, by, since, NULL, groups, sum_add_followups,
			     err) ||
	    sstore_sum_query(st, SQL_SUM_SEVERITY, by, since, NULL, groups, sum_add_severity,
			     err) ||
	    sstore_sum_query(st, SQL_SUM_ITEMS, by, since, NULL, groups, sum_add_item, err) ||
	    sstore_sum_query(st, SQL_SUM_STATES, by, today, NULL, groups, sum_add_states, err) ||
	    sstore_sum_query(st, SQL_SUM_GRADES, by, since, NULL, groups, sum_add_grade, err) ||
	    sstore_sum_query(st, SQL_SUM_OVERDUE, by, today, NULL, groups, sum_add_overdue, err) ||
	    sstore_sum_query(st, SQL_SUM_DEVICES, by, NULL, NULL, groups, sum_add_device, err) ||
	    sstore_sum_query(st, SQL_SUM_FORKS, by, NULL, NULL, groups, sum_add_fork, err)) {
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
