/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-ledger.c: the device's ledger rows (hazards, programmes, versions,
 * revisits, households.last_check) and the queries over them.
 *
 * The rows are what core/ledger.c computes from a household's records; this
 * file decides nothing. When a record is appended, store_ledger_household()
 * reads that household's bodies (indexed by household), computes its state
 * and replaces its rows, inside the transaction that appends the record, so
 * a record and what it means are durable together or not at all. Counting
 * then stays an indexed read (the TUI's home screen counts on every start).
 * households.last_check is the last completed inspection of the programme
 * that is the household kind's own (intervals.json), so a self-built
 * screening of a restaurant never makes its gas check look done.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "ledger.h"
#include "store-internal.h"

#define _(s) gettext(s)

struct ledger_load {
	struct fc_ledger_entry *e;
	size_t n, cap;
	char kind[16];
	char district[FC_ID_MAX];
	char registry_check[11];
};

static void
ledger_load_release(struct ledger_load *l)
{
	for (size_t i = 0; i < l->n; i++)
		fc_ledger_entry_release(&l->e[i]);
	free(l->e);
	memset(l, 0, sizeof *l);
}

/* Room for one more entry at l->e[l->n]. */
static int
ledger_load_room(struct ledger_load *l, struct fc_error *err)
{
	if (l->n < l->cap)
		return 0;
	size_t cap = l->cap ? l->cap * 2 : 16;
	struct fc_ledger_entry *p = realloc(l->e, cap * sizeof *p);

	if (p == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory reading the ledger"));
	l->e = p;
	l->cap = cap;
	return 0;
}

/* Entries of household's records in seq order, and its kind and district. */
static int
ledger_load(struct fc_store *st, const char *household, struct ledger_load *l, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_HH_GET];
	int rc;

	memset(l, 0, sizeof *l);
	sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		store_copy_text(stmt, 0, l->kind, sizeof l->kind);
		store_copy_text(stmt, 1, l->district, sizeof l->district);
		store_copy_text(stmt, 2, l->registry_check, sizeof l->registry_check);
	}
	store_done(stmt);
	stmt = st->stmt[SQL_LEDGER_HH_RECORDS];
	sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct fc_record_model m;
		char prog[16];

		if (ledger_load_room(l, err) != 0)
			break;
		if (fc_record_model_parse(sqlite3_column_blob(stmt, 1),
					  (size_t)sqlite3_column_bytes(stmt, 1), &m, err) != 0) {
			fc_record_model_release(&m);
			fc_error_prefix(err, _("record %s (run fieldcheck verify)"),
					(const char *)sqlite3_column_text(stmt, 0));
			break;
		}
		fc_ledger_programme(NULL, m.template_id, prog);
		rc = fc_ledger_entry_from_model(&m, prog, &l->e[l->n], err);
		fc_record_model_release(&m);
		if (rc != 0)
			break;
		l->n++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW && err->code == FC_E_OK)
		store_fail(st, err, _("household %s: cannot read its records"), household);
	store_done(stmt);
	if (rc != SQLITE_DONE) {
		ledger_load_release(l);
		return -1;
	}
	return 0;
}

static int
ledger_compute(struct fc_store *st, const char *household, struct ledger_load *l,
	       struct fc_ledger_state *state, struct fc_error *err)
{
	const struct fc_intervals *iv = fc_intervals_cached(&st->iv, l->district);
	struct fc_ledger_config cfg = {iv, iv != NULL ? iv->escalate_after : 0};
	struct fc_ledger_household hh = {household, l->kind, l->district, l->registry_check};

	return fc_ledger_compute(&cfg, &hh, l->e, l->n, state, err);
}

/* Run a write statement bound by the caller. */
static int
ledger_step(struct fc_store *st, sqlite3_stmt *stmt, const char *household, struct fc_error *err)
{
	int rc = sqlite3_step(stmt);

	store_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, _("household %s: cannot update the ledger"), household);
	return 0;
}

static void
ledger_bind(sqlite3_stmt *stmt, int col, const char *text)
{
	sqlite3_bind_text(stmt, col, text, -1, SQLITE_STATIC);
}

static int
ledger_put_hazard(struct fc_store *st, const char *hh, const struct fc_ledger_hazard *h,
		  struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_PUT_HAZARD];
	const char *fields[] = {hh,	  h->programme, h->item,	 h->record,
				h->root,  h->severity,	h->note,	 h->found,
				h->state, h->by,	h->by_inspector, h->when};

	for (int i = 0; i < 12; i++)
		ledger_bind(stmt, i + 1, fields[i]);
	sqlite3_bind_int(stmt, 13, h->followups);
	ledger_bind(stmt, 14, fc_ledger_hazard_last_followup(h));
	ledger_bind(stmt, 15, h->deadline);
	ledger_bind(stmt, 16, h->rule);
	return ledger_step(st, stmt, hh, err);
}

static int
ledger_put_programme(struct fc_store *st, const char *hh, const struct fc_ledger_programme *p,
		     struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_PUT_PROGRAMME];
	const char *text[] = {hh, p->programme, p->last, p->last_date, p->due};
	const int ints[] = {p->finding, p->visits, p->revisit};
	const char *visit[] = {p->visit, p->visit_date, p->visit_outcome};

	for (int i = 0; i < 5; i++)
		ledger_bind(stmt, i + 1, text[i]);
	sqlite3_bind_int(stmt, 6, p->months);
	ledger_bind(stmt, 7, p->outcome);
	ledger_bind(stmt, 8, p->grade);
	for (int i = 0; i < 3; i++)
		sqlite3_bind_int(stmt, 9 + i, ints[i]);
	for (int i = 0; i < 3; i++)
		ledger_bind(stmt, 12 + i, visit[i]);
	sqlite3_bind_int(stmt, 15, p->escalated);
	sqlite3_bind_int(stmt, 16, p->inspections);
	sqlite3_bind_int(stmt, 17, p->visits_total);
	return ledger_step(st, stmt, hh, err);
}

static int
ledger_put_version(struct fc_store *st, const char *hh, const struct fc_ledger_version *v,
		   struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_PUT_VERSION];

	ledger_bind(stmt, 1, v->id);
	ledger_bind(stmt, 2, hh);
	ledger_bind(stmt, 3, v->root);
	ledger_bind(stmt, 4, v->current);
	ledger_bind(stmt, 5, v->kind);
	return ledger_step(st, stmt, hh, err);
}

static int
ledger_del(struct fc_store *st, enum store_sql which, const char *hh, struct fc_error *err)
{
	ledger_bind(st->stmt[which], 1, hh);
	return ledger_step(st, st->stmt[which], hh, err);
}

/* households.last_check and the revisit row, from the kind's own programme and all. */
static int
ledger_put_household(struct fc_store *st, const char *hh, const struct ledger_load *l,
		     const struct fc_ledger_state *s, struct fc_error *err)
{
	const struct fc_intervals *iv = fc_intervals_cached(&st->iv, l->district);
	const struct fc_interval *own = iv != NULL ? fc_due_interval(iv, l->kind) : NULL;
	const struct fc_ledger_programme *p = fc_ledger_programme_state(
	    s, own != NULL ? own->programme : fc_due_kind_programme(l->kind));
	const struct fc_ledger_programme *visit = fc_ledger_revisit(s);
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_LAST_CHECK];

	ledger_bind(stmt, 1, hh);
	ledger_bind(stmt, 2, p != NULL ? p->last_date : "");
	if (ledger_step(st, stmt, hh, err) != 0)
		return -1;
	if (visit == NULL)
		return ledger_del(st, SQL_LEDGER_REVISIT_CLEAR, hh, err);
	stmt = st->stmt[SQL_LEDGER_REVISIT_SET];
	ledger_bind(stmt, 1, hh);
	ledger_bind(stmt, 2, visit->visit);
	ledger_bind(stmt, 3, visit->visit_date);
	ledger_bind(stmt, 4, visit->visit_outcome);
	return ledger_step(st, stmt, hh, err);
}

static int
ledger_put(struct fc_store *st, const char *hh, const struct ledger_load *l,
	   const struct fc_ledger_state *s, struct fc_error *err)
{
	if (ledger_del(st, SQL_LEDGER_DEL_HAZARDS, hh, err) != 0 ||
	    ledger_del(st, SQL_LEDGER_DEL_PROGRAMMES, hh, err) != 0 ||
	    ledger_del(st, SQL_LEDGER_DEL_VERSIONS, hh, err) != 0)
		return -1;
	for (size_t i = 0; i < s->n_hazards; i++)
		if (ledger_put_hazard(st, hh, &s->hazards[i], err) != 0)
			return -1;
	for (size_t i = 0; i < s->n_programmes; i++)
		if (ledger_put_programme(st, hh, &s->programmes[i], err) != 0)
			return -1;
	for (size_t i = 0; i < s->n_versions; i++)
		if (ledger_put_version(st, hh, &s->versions[i], err) != 0)
			return -1;
	return ledger_put_household(st, hh, l, s, err);
}

int
store_ledger_household(struct fc_store *st, const char *household, struct fc_error *err)
{
	struct ledger_load l;
	struct fc_ledger_state s = {0};
	int ret = -1;

	if (household == NULL || household[0] == '\0')
		return 0;
	if (ledger_load(st, household, &l, err) != 0)
		return -1;
	if (ledger_compute(st, household, &l, &s, err) == 0 &&
	    ledger_put(st, household, &l, &s, err) == 0)
		ret = 0;
	fc_ledger_state_release(&s);
	ledger_load_release(&l);
	return ret;
}

int
fc_store_ledger_compute(struct fc_store *st, const char *household, struct fc_ledger_state *out,
			struct fc_error *err)
{
	struct ledger_load l;
	int ret;

	memset(out, 0, sizeof *out);
	if (household[0] == '\0')
		return 0; /* the store writes no rows for records without a household */
	if (ledger_load(st, household, &l, err) != 0)
		return -1;
	ret = ledger_compute(st, household, &l, out, err);
	ledger_load_release(&l);
	return ret;
}

int
store_ledger_check(struct fc_store *st, const struct fc_record_draft *draft, struct fc_error *err)
{
	struct ledger_load l;
	struct fc_ledger_state s = {0};
	struct fc_ledger_entry next;
	int ret = -1;

	if (draft->household == NULL || draft->household[0] == '\0' ||
	    (draft->follows == NULL && draft->corrects == NULL))
		return 0;
	if (ledger_load(st, draft->household, &l, err) != 0)
		return -1;
	if (fc_ledger_entry_from_draft(draft, &next, err) == 0) {
		if (ledger_compute(st, draft->household, &l, &s, err) == 0 &&
		    fc_ledger_check(&s, &next, err) == 0)
			ret = 0;
		fc_ledger_entry_release(&next);
	}
	fc_ledger_state_release(&s);
	ledger_load_release(&l);
	return ret;
}

/*
 * A record for a household of the registry outside the device's districts
 * is refused before it is signed: the server would refuse it at sync, and a
 * refused record holds up every later one. district gets the household's
 * district ("" when the registry does not have it), which the body carries
 * so that the server can place a household its own registry lacks.
 */
int
fc_store_check_district(struct fc_store *st, const struct fc_record_draft *draft,
			char district[FC_ID_MAX], struct fc_error *err)
{
	struct fc_household hh;
	struct fc_error e2 = {0};
	char mine[FC_DISTRICTS_MAX];

	district[0] = '\0';
	if (draft->household == NULL || draft->household[0] == '\0')
		return 0;
	if (fc_store_get_household(st, draft->household, &hh, &e2) != 0) {
		if (e2.code == FC_E_NOTFOUND)
			return 0;
		*err = e2;
		return -1;
	}
	snprintf(district, FC_ID_MAX, "%s", hh.district);
	if (fc_store_get_setting(st, FC_SET_DISTRICT, mine, sizeof mine, &e2) != 0) {
		if (e2.code == FC_E_NOTFOUND)
			return 0; /* not enrolled yet: nothing to say who may write what */
		*err = e2;
		return -1;
	}
	if (mine[0] == '\0' || hh.district[0] == '\0' || fc_id_districts_have(mine, hh.district))
		return 0;
	return fc_error_set(err, FC_E_INVALID,
			    _("household %s is in district %s, outside the districts this device "
			      "is enrolled for (%s); the server would refuse the record"),
			    draft->household, hh.district, mine);
}

int
fc_store_check_draft(struct fc_store *st, const struct fc_record_draft *draft, struct fc_error *err)
{
	char district[FC_ID_MAX];

	if (fc_store_check_district(st, draft, district, err) != 0)
		return -1;
	return store_ledger_check(st, draft, err);
}

/* Recompute every household stmt lists (collected first: the per-household
 * statements must not run under this one). */
static int
ledger_recompute_listed(struct fc_store *st, sqlite3_stmt *stmt, struct fc_error *err)
{
	char(*ids)[FC_ID_MAX] = NULL;
	size_t n = 0, cap = 0;
	int rc, ret = 0;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == cap) {
			void *p = realloc(ids, (cap = cap ? cap * 2 : 64) * sizeof *ids);
			if (p == NULL) {
				ret = fc_error_set(err, FC_E_NOMEM, _("out of memory"));
				break;
			}
			ids = p;
		}
		store_copy_text(stmt, 0, ids[n++], FC_ID_MAX);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot list the households with records"));
	store_done(stmt);
	for (size_t i = 0; ret == 0 && i < n; i++)
		ret = store_ledger_household(st, ids[i], err);
	free(ids);
	return ret;
}

static int
ledger_rebuild_all(struct fc_store *st, struct fc_error *err)
{
	return ledger_recompute_listed(st, st->stmt[SQL_LEDGER_HOUSEHOLDS], err);
}

int
store_ledger_mark(struct fc_store *st, struct fc_error *err)
{
	if (store_exec(st, SQL_LEDGER_HH_UNMARK, err) != 0)
		return -1;
	return store_exec(st, SQL_LEDGER_HH_MARK, err);
}

int
store_ledger_refresh(struct fc_store *st, struct fc_error *err)
{
	if (ledger_recompute_listed(st, st->stmt[SQL_LEDGER_HH_CHANGED], err) != 0)
		return -1;
	return store_exec(st, SQL_LEDGER_HH_UNMARK, err);
}

int
fc_store_rebuild_ledger(struct fc_store *st, struct fc_error *err)
{
	int nested = !sqlite3_get_autocommit(st->db);

	if (store_exec(st, nested ? SQL_SAVEPOINT : SQL_BEGIN, err) != 0)
		return -1;
	if (store_exec(st, SQL_LEDGER_CLEAR_HAZARDS, err) != 0 ||
	    store_exec(st, SQL_LEDGER_CLEAR_REVISITS, err) != 0 ||
	    store_exec(st, SQL_LEDGER_CLEAR_PROGRAMMES, err) != 0 ||
	    store_exec(st, SQL_LEDGER_CLEAR_VERSIONS, err) != 0 ||
	    store_exec(st, SQL_LEDGER_CLEAR_LAST_CHECK, err) != 0 ||
	    ledger_rebuild_all(st, err) != 0)
		goto fail;
	if (nested ? store_exec(st, SQL_RELEASE, err) != 0 : fc_store_commit(st, err) != 0)
		goto fail;
	return 0;
fail:
	if (nested) {
		store_exec(st, SQL_ROLLBACK_TO, NULL);
		store_exec(st, SQL_RELEASE, NULL);
	} else {
		fc_store_rollback(st);
	}
	return -1;
}

int
store_ledger_pending(struct fc_store *st, struct fc_error *err)
{
	char v[8] = "";
	struct fc_error ignored = {0};

	if (fc_store_get_setting(st, "ledger.rebuild", v, sizeof v, &ignored) != 0 ||
	    strcmp(v, "1") != 0)
		return 0;
	/*
	 * A body that no longer parses (a tampered store) must not keep the
	 * store from opening: verify has to run to name it. The flag stays set,
	 * so the rebuild is tried again at the next open.
	 */
	if (fc_store_rebuild_ledger(st, &ignored) != 0)
		return 0;
	return fc_store_set_setting(st, "ledger.rebuild", "0", err);
}

int
fc_store_record_version(struct fc_store *st, const char *id, struct fc_store_version *out,
			struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_VERSION_GET];
	int rc, ret = 0;

	memset(out, 0, sizeof *out);
	ledger_bind(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_copy_text(stmt, 0, out->root, sizeof out->root);
		store_copy_text(stmt, 1, out->current, sizeof out->current);
		store_copy_text(stmt, 2, out->kind, sizeof out->kind);
	} else if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   _("record %s: not an inspection, visit or "
				     "correction"),
				   id);
	} else {
		ret = store_fail(st, err, _("record %s: cannot read its version"), id);
	}
	store_done(stmt);
	return ret;
}

int
fc_store_count_escalated(struct fc_store *st, int64_t *count, struct fc_error *err)
{
	return store_count(st, SQL_ESCALATED_COUNT, _("cannot count the households to escalate"),
			   count, err);
}

/* Queries */

static void
ledger_read_hazard(sqlite3_stmt *stmt, struct fc_hazard_entry *h)
{
	memset(h, 0, sizeof *h);
	store_copy_text(stmt, 0, h->record, sizeof h->record);
	h->idx = sqlite3_column_int(stmt, 1);
	store_copy_text(stmt, 2, h->household, sizeof h->household);
	store_copy_text(stmt, 3, h->item, sizeof h->item);
	store_copy_text(stmt, 4, h->severity, sizeof h->severity);
	store_copy_text(stmt, 5, h->note, sizeof h->note);
	store_copy_text(stmt, 6, h->rule, sizeof h->rule);
	store_copy_text(stmt, 7, h->found, sizeof h->found);
	store_copy_text(stmt, 8, h->status, sizeof h->status);
	h->followups = sqlite3_column_int(stmt, 9);
	store_copy_text(stmt, 10, h->last_followup, sizeof h->last_followup);
	store_copy_text(stmt, 11, h->programme, sizeof h->programme);
	store_copy_text(stmt, 12, h->deadline, sizeof h->deadline);
	store_copy_text(stmt, 13, h->by, sizeof h->by);
}

int
fc_store_each_open_hazard(struct fc_store *st, const char *household, fc_hazard_fn fn, void *ctx,
			  struct fc_error *err)
{
	sqlite3_stmt *stmt =
	    st->stmt[household != NULL ? SQL_HAZARDS_OPEN_HH : SQL_HAZARDS_OPEN_ALL];
	struct fc_hazard_entry h;
	int ret = 0, rc;

	if (household != NULL)
		sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop;

		ledger_read_hazard(stmt, &h);
		stop = fn(&h, ctx, err);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read the open hazards"));
	store_done(stmt);
	return ret;
}

int
fc_store_count_open_hazards(struct fc_store *st, int64_t *count, struct fc_error *err)
{
	return store_count(st, SQL_HAZARDS_OPEN_COUNT, _("cannot count the open hazards"), count,
			   err);
}

int
fc_store_each_revisit(struct fc_store *st, fc_revisit_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_REVISITS_EACH];
	struct fc_revisit r;
	int ret = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop;

		memset(&r, 0, sizeof r);
		store_copy_text(stmt, 0, r.household, sizeof r.household);
		store_copy_text(stmt, 1, r.record, sizeof r.record);
		store_copy_text(stmt, 2, r.visited, sizeof r.visited);
		store_copy_text(stmt, 3, r.outcome, sizeof r.outcome);
		stop = fn(&r, ctx, err);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read the households to revisit"));
	store_done(stmt);
	return ret;
}
