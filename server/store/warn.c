/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/warn.c: the rules of store/warn.h above the backends. The facts are
 * read first and the warnings they raise gathered in memory (few, next to
 * the rows read); then one transaction keeps the new ones with their
 * deliveries, in the byte order of their dedup keys, so the ids they get
 * (the order the warnings are listed and sent in) do not follow the order the
 * facts' rows came in: PostgreSQL orders their households by the database's
 * collation, SQLite by bytes. A warning already kept (its dedup key) is left
 * as it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/backend.h"
#include "server/store/warn.h"

struct warn_run {
	const struct fc_warn_rules *rules;
	const char *today;
	time_t now;
	struct fc_warning *list;
	size_t n, cap;
	struct fc_error err;
	int failed;
};

static int
warn_collect(struct fc_warning *w, void *ctx, struct fc_error *err)
{
	struct warn_run *run = ctx;

	if (run->n == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 64;
		struct fc_warning *list = realloc(run->list, cap * sizeof *list);
		if (list == NULL) {
			free(w->body);
			return fc_error_set(err, FC_E_NOMEM, "out of memory gathering warnings");
		}
		run->list = list;
		run->cap = cap;
	}
	run->list[run->n++] = *w;
	return 0;
}

static void
warn_text(const struct fc_sstore_row *row, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", row->text(row, col));
}

static void
warn_check_fact(struct warn_run *run, const struct fc_warn_fact *f)
{
	if (!run->failed &&
	    fc_warn_check(run->rules, f, run->today, run->now, warn_collect, run, &run->err) != 0)
		run->failed = 1;
}

static void
warn_hazard_row(const struct fc_sstore_row *row, void *ctx)
{
	struct fc_warn_fact f = {.kind = FC_FACT_HAZARD};

	warn_text(row, 0, f.household, sizeof f.household);
	warn_text(row, 1, f.programme, sizeof f.programme);
	warn_text(row, 2, f.item, sizeof f.item);
	warn_text(row, 3, f.district, sizeof f.district);
	warn_text(row, 4, f.record, sizeof f.record);
	warn_text(row, 5, f.severity, sizeof f.severity);
	warn_text(row, 6, f.found, sizeof f.found);
	warn_text(row, 7, f.deadline, sizeof f.deadline);
	warn_check_fact(ctx, &f);
}

static void
warn_programme_row(const struct fc_sstore_row *row, void *ctx)
{
	struct fc_warn_fact f = {.kind = FC_FACT_PROGRAMME};

	warn_text(row, 0, f.household, sizeof f.household);
	warn_text(row, 1, f.programme, sizeof f.programme);
	warn_text(row, 2, f.district, sizeof f.district);
	warn_text(row, 3, f.record, sizeof f.record);
	warn_text(row, 4, f.found, sizeof f.found);
	warn_text(row, 5, f.due, sizeof f.due);
	warn_text(row, 6, f.grade, sizeof f.grade);
	warn_check_fact(ctx, &f);
}

static void
warn_device_row(const struct fc_sstore_row *row, void *ctx)
{
	struct fc_warn_fact f = {.kind = FC_FACT_DEVICE};

	warn_text(row, 0, f.device, sizeof f.device);
	warn_text(row, 1, f.inspector, sizeof f.inspector);
	warn_text(row, 2, f.district, sizeof f.district);
	f.last_sync = strtoll(row->text(row, 3), NULL, 10);
	f.enrolled_at = strtoll(row->text(row, 4), NULL, 10);
	warn_check_fact(ctx, &f);
}

static void
warn_fork_row(const struct fc_sstore_row *row, void *ctx)
{
	struct fc_warn_fact f = {.kind = FC_FACT_FORK};

	warn_text(row, 0, f.device, sizeof f.device);
	warn_text(row, 1, f.inspector, sizeof f.inspector);
	warn_text(row, 2, f.district, sizeof f.district);
	f.seq = strtoll(row->text(row, 3), NULL, 10);
	warn_check_fact(ctx, &f);
}

static void
warn_id_row(const struct fc_sstore_row *row, void *ctx)
{
	*(int64_t *)ctx = strtoll(row->text(row, 0), NULL, 10);
}

/* Keep w unless kept already, with a pending delivery per receiver; *is_new. */
static int
warn_keep(struct fc_sstore *st, const struct warn_run *run, const struct fc_warning *w, int *is_new,
	  struct fc_error *err)
{
	struct fc_sstore_param p[5] = {
	    {w->dedup, 0}, {w->rule, 0}, {w->district, 0}, {w->body, 0}, {NULL, (int64_t)run->now}};
	int64_t id = 0, added;

	*is_new = 0;
	if (st->ops->rows(st, SQL_WARN_ADD, p, 5, warn_id_row, &id, err) != 0)
		return -1;
	if (id == 0)
		return 0;
	*is_new = 1;
	for (int i = 0; i < run->rules->n_receivers; i++) {
		struct fc_sstore_param d[3] = {
		    {NULL, id}, {run->rules->receivers[i].name, 0}, {NULL, (int64_t)run->now}};
		if (st->ops->rows(st, SQL_DELIVERY_ADD, d, 3, warn_id_row, &added, err) != 0)
			return -1;
	}
	return 0;
}

/* By dedup key, then body: two forks of one record raise the same key, the same body. */
static int
warn_cmp(const void *a, const void *b)
{
	const struct fc_warning *x = a, *y = b;
	int c = strcmp(x->dedup, y->dedup);

	return c != 0 ? c : strcmp(x->body, y->body);
}

static int
warn_keep_all(struct fc_sstore *st, const struct warn_run *run, int64_t *raised,
	      struct fc_error *err)
{
	int is_new;

	if (run->n > 1)
		qsort(run->list, run->n, sizeof *run->list, warn_cmp);
	if (st->ops->begin(st, err) != 0)
		return -1;
	for (size_t i = 0; i < run->n; i++) {
		if (warn_keep(st, run, &run->list[i], &is_new, err) != 0) {
			st->ops->rollback(st);
			return -1;
		}
		*raised += is_new;
	}
	return st->ops->commit(st, err);
}

int
fc_sstore_warnings_run(struct fc_sstore *st, const struct fc_warn_rules *rules, const char *today,
		       time_t now, int64_t *raised, struct fc_error *err)
{
	static const struct {
		enum sql_id sql;
		fc_sstore_row_fn fn;
	} facts[] = {
	    {SQL_WARN_HAZARDS, warn_hazard_row},
	    {SQL_WARN_PROGRAMMES, warn_programme_row},
	    {SQL_WARN_DEVICES, warn_device_row},
	    {SQL_WARN_FORKS, warn_fork_row},
	};
	struct warn_run run = {.rules = rules, .today = today, .now = now};
	int ret = 0;

	*raised = 0;
	for (size_t i = 0; ret == 0 && i < sizeof facts / sizeof facts[0]; i++) {
		ret = st->ops->rows(st, facts[i].sql, NULL, 0, facts[i].fn, &run, err);
		if (ret == 0 && run.failed) {
			*err = run.err;
			ret = -1;
		}
	}
	if (ret == 0)
		ret = warn_keep_all(st, &run, raised, err);
	for (size_t i = 0; i < run.n; i++)
		free(run.list[i].body);
	free(run.list);
	return ret;
}
