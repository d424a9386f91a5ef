/*
 * server-store-report.c: the reports the server builds from its store: the
 * assignments a device pulls and the supervisors' summary.
 *
 * Each report is a handful of aggregate queries (their SQL is in the table in
 * server-store.c, like every other statement) whose rows are put straight
 * into JSON here. The policy numbers live in the SQL comments there: check
 * intervals of 24 months for homes and 12 for the rest, follow-up deadlines
 * of 7 days for stop/major/serious hazards and 30 for the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server-store-internal.h"

void
fc_sstore_day(time_t t, long days_back, char out[11])
{
	struct tm tm;
	time_t when = t - (time_t)days_back * 86400;

	gmtime_r(&when, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* today minus whole years, as text: 2026-02-29 style dates sort correctly anyway. */
static void
sstore_years_back(const char *today, int years, char out[11])
{
	int y = atoi(today);

	/* Bounded widths: a year past 9999 would not fit the 10 characters anyway. */
	snprintf(out, 11, "%04u%.6s", (unsigned)(y - years) % 10000u,
		 strlen(today) >= 10 ? today + 4 : "-01-01");
}

static json_t *
sstore_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return json_string(t != NULL ? (const char *)t : "");
}

int
fc_sstore_assignments(struct fc_sstore *st, const char *district, const char *today, size_t limit,
		      json_t **out, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_DUE_HOUSEHOLDS];
	json_t *due = json_array(), *open = json_array(), *res = NULL;
	char two[11], one[11];
	int rc;

	sstore_years_back(today, 2, two);
	sstore_years_back(today, 1, one);
	sqlite3_bind_text(s, 1, district, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, two, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, one, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(
		    due, json_pack("{s:o,s:o,s:o,s:o,s:o}", "household", sstore_text(s, 0),
				   "address", sstore_text(s, 1), "resident", sstore_text(s, 2),
				   "kind", sstore_text(s, 3), "last_check", sstore_text(s, 4)));
	fc_sstore_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	s = st->stmt[SQL_OPEN_HAZARDS];
	sqlite3_bind_text(s, 1, district, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(
		    open, json_pack("{s:o,s:o,s:o,s:o,s:o}", "record", sstore_text(s, 0),
				    "household", sstore_text(s, 1), "item", sstore_text(s, 2),
				    "severity", sstore_text(s, 3), "day", sstore_text(s, 4)));
	fc_sstore_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	res = json_pack("{s:s,s:s,s:o,s:o}", "district", district, "as_of", today, "due", due,
			"hazards", open);
	if (res == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building assignments");
	*out = res;
	return 0;
fail:
	json_decref(due);
	json_decref(open);
	return fc_sstore_fail(st, err, "cannot read assignments");
}

/* The group object for key in groups, created with zero counts when new. */
static json_t *
sstore_group(json_t *groups, const char *key)
{
	json_t *g = json_object_get(groups, key);

	if (g != NULL)
		return g;
	g = json_pack("{s:s,s:i,s:i,s:i,s:i,s:{},s:{},s:i,s:i,s:i,s:{},s:[],s:[]}", "key", key,
		      "inspections", 0, "nobody_home", 0, "refusals", 0, "followups", 0, "hazards",
		      "hazard_items", "hazards_open", 0, "hazards_overdue", 0, "households_overdue",
		      0, "grades", "devices", "forks");
	json_object_set_new(groups, key, g);
	return g;
}

static const char *
sstore_col(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t != NULL ? (const char *)t : "";
}

/* Run summary query id, binding by and a text, calling add for each row. */
static int
sstore_sum_query(struct fc_sstore *st, enum sql_id id, const char *by, const char *p2,
		 const char *p3, json_t *groups, void (*add)(json_t *g, sqlite3_stmt *s))
{
	sqlite3_stmt *s = st->stmt[id];
	int rc;

	sqlite3_bind_text(s, 1, by, -1, SQLITE_STATIC);
	if (p2 != NULL)
		sqlite3_bind_text(s, 2, p2, -1, SQLITE_STATIC);
	if (p3 != NULL)
		sqlite3_bind_text(s, 3, p3, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		add(sstore_group(groups, sstore_col(s, 0)), s);
	fc_sstore_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
sum_add_records(json_t *g, sqlite3_stmt *s)
{
	json_object_set_new(g, "inspections", json_integer(sqlite3_column_int64(s, 1)));
	json_object_set_new(g, "nobody_home", json_integer(sqlite3_column_int64(s, 2)));
	json_object_set_new(g, "refusals", json_integer(sqlite3_column_int64(s, 3)));
	json_object_set_new(g, "followups", json_integer(sqlite3_column_int64(s, 4)));
}

static void
sum_add_severity(json_t *g, sqlite3_stmt *s)
{
	json_object_set_new(json_object_get(g, "hazards"), sstore_col(s, 1),
			    json_integer(sqlite3_column_int64(s, 2)));
}

static void
sum_add_item(json_t *g, sqlite3_stmt *s)
{
	json_object_set_new(json_object_get(g, "hazard_items"), sstore_col(s, 1),
			    json_integer(sqlite3_column_int64(s, 2)));
}

static void
sum_add_open(json_t *g, sqlite3_stmt *s)
{
	json_object_set_new(g, "hazards_open", json_integer(sqlite3_column_int64(s, 1)));
	json_object_set_new(g, "hazards_overdue", json_integer(sqlite3_column_int64(s, 2)));
}

static void
sum_add_grade(json_t *g, sqlite3_stmt *s)
{
	json_object_set_new(json_object_get(g, "grades"), sstore_col(s, 1),
			    json_integer(sqlite3_column_int64(s, 2)));
}

static void
sum_add_overdue(json_t *g, sqlite3_stmt *s)
{
	json_object_set_new(g, "households_overdue", json_integer(sqlite3_column_int64(s, 1)));
}

static void
sum_add_device(json_t *g, sqlite3_stmt *s)
{
	json_array_append_new(json_object_get(g, "devices"),
			      json_pack("{s:s,s:s,s:I,s:I}", "device", sstore_col(s, 1),
					"inspector", sstore_col(s, 2), "last_sync",
					(json_int_t)sqlite3_column_int64(s, 3), "held",
					(json_int_t)sqlite3_column_int64(s, 4)));
}

static void
sum_add_fork(json_t *g, sqlite3_stmt *s)
{
	json_array_append_new(json_object_get(g, "forks"),
			      json_pack("{s:s,s:s,s:I,s:I}", "device", sstore_col(s, 1),
					"inspector", sstore_col(s, 2), "seq",
					(json_int_t)sqlite3_column_int64(s, 3), "received_at",
					(json_int_t)sqlite3_column_int64(s, 4)));
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
	char d7[11], d30[11], two[11], one[11];
	const char **keys = NULL;
	const char *key;
	json_t *v;
	size_t n = 0;
	time_t now = time(NULL);

	if (groups == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory building the summary");
	fc_sstore_day(now, 7, d7);
	fc_sstore_day(now, 30, d30);
	sstore_years_back(today, 2, two);
	sstore_years_back(today, 1, one);
	if (sstore_sum_query(st, SQL_SUM_RECORDS, by, since, NULL, groups, sum_add_records) ||
	    sstore_sum_query(st, SQL_SUM_SEVERITY, by, since, NULL, groups, sum_add_severity) ||
	    sstore_sum_query(st, SQL_SUM_ITEMS, by, since, NULL, groups, sum_add_item) ||
	    sstore_sum_query(st, SQL_SUM_OPEN, by, d7, d30, groups, sum_add_open) ||
	    sstore_sum_query(st, SQL_SUM_GRADES, by, since, NULL, groups, sum_add_grade) ||
	    sstore_sum_query(st, SQL_SUM_OVERDUE, by, two, one, groups, sum_add_overdue) ||
	    sstore_sum_query(st, SQL_SUM_DEVICES, by, NULL, NULL, groups, sum_add_device) ||
	    sstore_sum_query(st, SQL_SUM_FORKS, by, NULL, NULL, groups, sum_add_fork)) {
		json_decref(groups);
		return fc_sstore_fail(st, err, "cannot build the summary");
	}
	keys = calloc(json_object_size(groups) + 1, sizeof *keys);
	list = json_array();
	if (keys == NULL || list == NULL) {
		free(keys);
		json_decref(list);
		json_decref(groups);
		return fc_error_set(err, FC_E_NOMEM, "out of memory building the summary");
	}
	json_object_foreach(groups, key, v) keys[n++] = key;
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
