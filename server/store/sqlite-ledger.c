/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite-ledger.c: the SQLite backend's verbs on the ledger's rows, the
 * twins of store/pg-ledger.c. They store and select; what the rows say is
 * computed by core/ledger.c through store/ledger.c.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/sqlite.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* The ledger's rows (store/ledger.c computes them) */

int
fc_lite_household_get(struct fc_sstore *st, const char *id, struct fc_household *out, int *found,
		      struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_HOUSEHOLD_GET];
	int rc, ret = 0;

	memset(out, 0, sizeof *out);
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		fc_lite_copy(out->id, sizeof out->id, s, 0);
		fc_lite_copy(out->district, sizeof out->district, s, 1);
		fc_lite_copy(out->address, sizeof out->address, s, 2);
		fc_lite_copy(out->resident, sizeof out->resident, s, 3);
		fc_lite_copy(out->phone, sizeof out->phone, s, 4);
		fc_lite_copy(out->kind, sizeof out->kind, s, 5);
		fc_lite_copy(out->last_check, sizeof out->last_check, s, 6);
	} else if (rc != SQLITE_DONE) {
		ret = fc_sstore_fail(st, err, N_("cannot read households"));
	}
	fc_sstore_reset(s);
	return ret;
}

int
fc_lite_household_bodies(struct fc_sstore *st, const char *household, fc_sbody_fn fn, void *ctx,
			 struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_HOUSEHOLD_BODIES];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *id = sqlite3_column_text(s, 0);
		const char *body = sqlite3_column_blob(s, 1);
		const unsigned char *district = sqlite3_column_text(s, 2);
		const unsigned char *entry = sqlite3_column_text(s, 3);
		struct fc_sbody b = {id != NULL ? (const char *)id : "",
				     body != NULL ? body : "",
				     district != NULL ? (const char *)district : "",
				     entry != NULL ? (const char *)entry : "",
				     (size_t)sqlite3_column_bytes(s, 1),
				     (size_t)sqlite3_column_bytes(s, 3)};

		if ((ret = fn(&b, ctx, err)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, N_("cannot read the household's records"));
	fc_sstore_reset(s);
	return ret < 0 ? -1 : 0;
}

int
fc_lite_ledger_lock(struct fc_sstore *st, const char *household, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_LEDGER_LOCK];
	int rc;

	sqlite3_bind_text(s, 1, household, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	fc_sstore_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fc_sstore_fail(st, err, N_("cannot lock the household's ledger"));
	return 0;
}

int
fc_lite_ledger_del(struct fc_sstore *st, enum sql_id id, const char *const *key, int n,
		   struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[id];

	for (int i = 0; i < n; i++)
		sqlite3_bind_text(s, i + 1, key[i], -1, SQLITE_STATIC);
	return fc_lite_exec(st, s, err, N_("cannot delete a ledger row"));
}

/* Bind texts to ?1.. in order, then ints after them. */
static void
lite_bind_all(sqlite3_stmt *s, const char *const *text, int nt, const int *num, int nn)
{
	for (int i = 0; i < nt; i++)
		sqlite3_bind_text(s, i + 1, text[i], -1, SQLITE_STATIC);
	for (int i = 0; i < nn; i++)
		sqlite3_bind_int(s, nt + i + 1, num[i]);
}

int
fc_lite_ledger_hazard(struct fc_sstore *st, const struct fc_sledger_hazard *r, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_LEDGER_PUT_HAZARD];
	const char *const text[] = {
	    r->household, r->programme,	       r->item,	  r->district, r->record, r->root,
	    r->inspector, r->severity,	       r->note,	  r->rule,     r->found,  r->status,
	    r->closed_by, r->closed_inspector, r->closed, r->deadline};
	const int num[] = {r->followups};

	lite_bind_all(s, text, 16, num, 1);
	return fc_lite_exec(st, s, err, N_("cannot save a hazard"));
}

int
fc_lite_ledger_programme(struct fc_sstore *st, const struct fc_sledger_programme *r,
			 struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_LEDGER_PUT_PROGRAMME];
	const char *const text[] = {r->household, r->programme,	 r->district,	  r->last,
				    r->last_date, r->due,	 r->outcome,	  r->grade,
				    r->visit,	  r->visit_date, r->visit_outcome};
	const int num[] = {r->months,	 r->finding,	 r->visits,	 r->revisit,
			   r->escalated, r->inspections, r->visits_total};

	lite_bind_all(s, text, 11, num, 7);
	return fc_lite_exec(st, s, err, N_("cannot save a programme row"));
}

int
fc_lite_ledger_version(struct fc_sstore *st, const struct fc_sledger_version *r,
		       struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_LEDGER_PUT_VERSION];
	const char *const text[] = {r->id,	  r->household, r->district,  r->root,
				    r->current,	  r->kind,	r->inspector, r->day,
				    r->programme, r->outcome,	r->grade};
	const int num[] = {r->conflict};

	lite_bind_all(s, text, 11, num, 1);
	return fc_lite_exec(st, s, err, N_("cannot save a version row"));
}

int
fc_lite_ledger_pending(struct fc_sstore *st, char (*ids)[FC_ID_MAX], size_t max, size_t *n,
		       struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_LEDGER_PENDING];
	int rc;

	*n = 0;
	sqlite3_bind_int64(s, 1, (int64_t)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		fc_lite_copy(ids[(*n)++], FC_ID_MAX, s, 0);
	fc_sstore_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fc_sstore_fail(st, err, N_("cannot read the households to compute"));
	return 0;
}

int
fc_lite_ledger_pending_done(struct fc_sstore *st, const char *household, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[SQL_LEDGER_PENDING_DONE];

	sqlite3_bind_text(s, 1, household, -1, SQLITE_STATIC);
	return fc_lite_exec(st, s, err, N_("cannot note the household computed"));
}