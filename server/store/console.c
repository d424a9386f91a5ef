/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/console.c: the rows the supervisors' console reads, as JSON. Each
 * query (SQL_CON_* in store/sqlite.c and store/pg.c) selects stored rows and
 * nothing more: what is due, open or overdue was decided by core/'s ledger
 * when the rows were written. The columns of each are named here once, so
 * both backends give the same JSON. Scoping is the caller's rule
 * (server/console*.c); queries take the districts to keep as a parameter,
 * "*" or a comma list (a district id never holds a comma, core/ids.h). Here
 * that becomes one of two statements (con_scoped): every district's, or the
 * listed districts' with the list as a JSON array, which the district
 * column's index looks up on either backend.
 */
#include <stdlib.h>
#include <string.h>

#include "server/store/backend.h"
#include "server/store/console.h"

/* A column: its JSON name, and whether it is a number ('#' in front). */
static const struct con_query {
	enum fc_scon q;
	enum sql_id sql;
	const char *cols[20];
} con_queries[] = {
    {FC_SCON_RECORDS,
     SQL_CON_RECORDS,
     {"id", "type", "household", "template", "day", "outcome", "grade", "inspector", "district",
      "device", "#seq", "review", "review_answered_by", NULL}},
    {FC_SCON_RECORD,
     SQL_CON_RECORD,
     {"id", "type", "household", "template", "day", "outcome", "grade", "inspector", "district",
      "device", "#seq", "body", "signature", "hash", "#received_at", NULL}},
    {FC_SCON_FOLLOWUPS,
     SQL_CON_FOLLOWUPS,
     {"id", "type", "day", "inspector", "outcome", "district", NULL}},
    {FC_SCON_HOUSEHOLD_SEARCH,
     SQL_CON_HOUSEHOLD_SEARCH,
     {"id", "district", "address", "resident", "phone", "kind", "last_check", NULL}},
    {FC_SCON_HOUSEHOLD,
     SQL_CON_HOUSEHOLD,
     {"id", "district", "address", "resident", "phone", "kind", "last_check", NULL}},
    {FC_SCON_HOUSEHOLD_RECORDS,
     SQL_CON_HOUSEHOLD_RECORDS,
     {"id", "type", "household", "template", "day", "outcome", "grade", "inspector", "district",
      "device", "#seq", "review", "review_answered_by", NULL}},
    {FC_SCON_INSPECTORS,
     SQL_CON_INSPECTORS,
     {"id", "name", "district", "role", "#revoked_at", NULL}},
    {FC_SCON_DEVICES,
     SQL_CON_DEVICES,
     {"device", "inspector", "#last_sync", "#held_seq", "#records_week", "#forks", "#revoked_at",
      "#refused", "last_refusal", NULL}},
    {FC_SCON_VERSIONS,
     SQL_CON_VERSIONS,
     {"id", "kind", "day", "inspector", "current", "#conflict", "outcome", "grade", "district",
      NULL}},
    {FC_SCON_PROG_DUE, SQL_CON_PROG_DUE, {"district", "programme", "due", "#n", NULL}},
    {FC_SCON_HH_DUE, SQL_CON_HH_DUE, {"district", "due", "#n", NULL}},
    {FC_SCON_PROG_GRADES, SQL_CON_PROG_GRADES, {"district", "programme", "grade", "#n", NULL}},
    {FC_SCON_HAZ_STATES, SQL_CON_HAZ_STATES, {"district", "severity", "status", "#n", NULL}},
    {FC_SCON_HAZ_OPEN, SQL_CON_HAZ_OPEN, {"district", "severity", "found", "#n", NULL}},
    {FC_SCON_WEEK_INSPECTIONS, SQL_CON_WEEK_INSPECTIONS, {"district", "day", "#n", NULL}},
    {FC_SCON_WEEK_HAZARDS, SQL_CON_WEEK_HAZARDS, {"district", "day", "#n", NULL}},
    {FC_SCON_SYNCED, SQL_CON_SYNCED, {"district", "#records", "#devices", NULL}},
    {FC_SCON_KINDS, SQL_CON_KINDS, {"district", "kind", "#n", NULL}},
    {FC_SCON_KIND_DONE, SQL_CON_KIND_DONE, {"district", "kind", "programme", "#n", NULL}},
    {FC_SCON_KIND_OPEN, SQL_CON_KIND_OPEN, {"district", "kind", "programme", "item", "#n", NULL}},
    {FC_SCON_HAZARDS,
     SQL_CON_HAZARDS,
     {"household", "address", "programme", "item", "district", "record", "root", "inspector",
      "severity", "note", "found", "status", "closed_by", "closed_inspector", "closed",
      "#followups", "deadline", NULL}},
    {FC_SEXP_RECORDS,
     SQL_EXP_RECORDS,
     {"id", "type", "household", "district", "day", "inspector", "device", "template", "outcome",
      "grade", "root", "#seq", "body", "hash", "signature", "review", NULL}},
    {FC_SEXP_HAZARDS,
     SQL_EXP_HAZARDS,
     {"household", "address", "programme", "item", "district", "record", "root", "inspector",
      "severity", "note", "found", "status", "closed_by", "closed_inspector", "closed",
      "#followups", "deadline", NULL}},
    {FC_SEXP_PROGRAMMES,
     SQL_EXP_PROGRAMMES,
     {"household", "address", "resident", "phone", "kind", "district", "programme", "last_date",
      "due", "#visits", "#revisit", "#escalated", NULL}},
    {FC_SCON_REVIEWS,
     SQL_CON_REVIEWS,
     {"#id", "record", "state", "reviewer", "body", "answered_by", "#created_at", "inspector",
      "district", "household", "template", "day", NULL}},
    {FC_SCON_WARNINGS,
     SQL_CON_WARNINGS,
     {"#id", "rule", "district", "dedup", "body", "#raised_at", "receiver", "state", "#attempts",
      "#next_at", "last_error", "#delivered_at", NULL}},
};

/* Reads kept to the districts in their first parameter: every district's, and a list's. */
static const struct con_scope {
	enum sql_id all, in;
} con_scoped[] = {
    {SQL_CON_RECORDS, SQL_CON_RECORDS_IN},
    {SQL_CON_HOUSEHOLD_SEARCH, SQL_CON_HOUSEHOLD_SEARCH_IN},
    {SQL_CON_REVIEWS, SQL_CON_REVIEWS_IN},
    {SQL_CON_WARNINGS, SQL_CON_WARNINGS_IN},
    {SQL_CON_PROG_DUE, SQL_CON_PROG_DUE_IN},
    {SQL_CON_HH_DUE, SQL_CON_HH_DUE_IN},
    {SQL_CON_PROG_GRADES, SQL_CON_PROG_GRADES_IN},
    {SQL_CON_HAZ_STATES, SQL_CON_HAZ_STATES_IN},
    {SQL_CON_HAZ_OPEN, SQL_CON_HAZ_OPEN_IN},
    {SQL_CON_WEEK_INSPECTIONS, SQL_CON_WEEK_INSPECTIONS_IN},
    {SQL_CON_WEEK_HAZARDS, SQL_CON_WEEK_HAZARDS_IN},
    {SQL_CON_SYNCED, SQL_CON_SYNCED_IN},
    {SQL_CON_KINDS, SQL_CON_KINDS_IN},
    {SQL_CON_KIND_DONE, SQL_CON_KIND_DONE_IN},
    {SQL_CON_KIND_OPEN, SQL_CON_KIND_OPEN_IN},
    {SQL_CON_HAZARDS, SQL_CON_HAZARDS_IN},
    {SQL_EXP_RECORDS, SQL_EXP_RECORDS_IN},
    {SQL_EXP_HAZARDS, SQL_EXP_HAZARDS_IN},
    {SQL_EXP_PROGRAMMES, SQL_EXP_PROGRAMMES_IN},
};

struct con_build {
	const struct con_query *q;
	json_t *rows;
	/* one row at a time: */
	fc_scon_row_fn fn;
	void *ctx;
	struct fc_error *err;
	int failed;
};

static json_t *
con_object(const struct con_query *q, const struct fc_sstore_row *row)
{
	json_t *o = json_object();

	for (int i = 0; q->cols[i] != NULL; i++) {
		const char *name = q->cols[i];
		const char *v = row->text(row, i);

		if (name[0] == '#')
			json_object_set_new(o, name + 1, json_integer(strtoll(v, NULL, 10)));
		else
			json_object_set_new(o, name, json_string(v));
	}
	return o;
}

static void
con_each_row(const struct fc_sstore_row *row, void *ctx)
{
	struct con_build *b = ctx;
	json_t *o;

	if (b->failed)
		return;
	o = con_object(b->q, row);
	b->failed = b->fn(o, b->ctx, b->err) != 0;
	json_decref(o);
}

static const struct con_query *
con_find(enum fc_scon q)
{
	for (size_t i = 0; i < sizeof con_queries / sizeof con_queries[0]; i++)
		if (con_queries[i].q == q)
			return &con_queries[i];
	return NULL;
}

static void
con_row(const struct fc_sstore_row *row, void *ctx)
{
	struct con_build *b = ctx;

	json_array_append_new(b->rows, con_object(b->q, row));
}

/*
 * Run q's statement with params: for a read kept to districts, every
 * district's when the first parameter is "*", else the listed districts'
 * with the list passed as a JSON array.
 */
static int
con_run(struct fc_sstore *st, const struct con_query *q, const struct fc_scon_param *params,
	int nparams, fc_sstore_row_fn fn, void *ctx, struct fc_error *err)
{
	struct fc_sstore_param p[FC_SCON_PARAMS_MAX];
	enum sql_id sql = q->sql;
	char *list = NULL;
	int ret;

	if (nparams > FC_SCON_PARAMS_MAX)
		return fc_error_set(err, FC_E_INTERNAL, "console query with %d parameters",
				    nparams);
	for (int i = 0; i < nparams; i++) {
		p[i].text = params[i].text;
		p[i].num = params[i].num;
	}
	for (size_t i = 0; i < sizeof con_scoped / sizeof con_scoped[0]; i++) {
		if (con_scoped[i].all != q->sql)
			continue;
		if (nparams < 1 || p[0].text == NULL)
			return fc_error_set(err, FC_E_INTERNAL, "console query without districts");
		if (strcmp(p[0].text, "*") == 0)
			break;
		if ((list = fc_sstore_districts_json(p[0].text)) == NULL)
			return fc_error_set(err, FC_E_NOMEM, "out of memory");
		p[0].text = list;
		sql = con_scoped[i].in;
		break;
	}
	ret = st->ops->rows(st, sql, p, nparams, fn, ctx, err);
	free(list);
	return ret;
}

int
fc_sstore_console_each(struct fc_sstore *st, enum fc_scon q, const struct fc_scon_param *params,
		       int nparams, fc_scon_row_fn fn, void *ctx, struct fc_error *err)
{
	struct con_build b = {con_find(q), NULL, fn, ctx, err, 0};

	if (b.q == NULL)
		return fc_error_set(err, FC_E_INTERNAL, "console query %d is not known", (int)q);
	if (con_run(st, b.q, params, nparams, con_each_row, &b, err) != 0)
		return -1;
	return b.failed ? -1 : 0;
}

struct con_cells {
	const struct con_query *q;
	fc_scon_cells_fn fn;
	void *ctx;
};

static void
con_cells_row(const struct fc_sstore_row *row, void *ctx)
{
	struct con_cells *c = ctx;
	const char *cells[sizeof c->q->cols / sizeof c->q->cols[0]];

	for (int i = 0; c->q->cols[i] != NULL; i++)
		cells[i] = row->text(row, i);
	c->fn(cells, c->ctx);
}

int
fc_sstore_console_cells(struct fc_sstore *st, enum fc_scon q, const struct fc_scon_param *params,
			int nparams, fc_scon_cells_fn fn, void *ctx, struct fc_error *err)
{
	struct con_cells c = {con_find(q), fn, ctx};

	if (c.q == NULL)
		return fc_error_set(err, FC_E_INTERNAL, "console query %d is not known", (int)q);
	return con_run(st, c.q, params, nparams, con_cells_row, &c, err);
}

int
fc_sstore_console(struct fc_sstore *st, enum fc_scon q, const struct fc_scon_param *params,
		  int nparams, json_t **out, struct fc_error *err)
{
	struct con_build b = {NULL, NULL, NULL, NULL, NULL, 0};

	if ((b.q = con_find(q)) == NULL)
		return fc_error_set(err, FC_E_INTERNAL, "console query %d is not known", (int)q);
	if ((b.rows = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	if (con_run(st, b.q, params, nparams, con_row, &b, err) != 0) {
		json_decref(b.rows);
		return -1;
	}
	*out = b.rows;
	return 0;
}
