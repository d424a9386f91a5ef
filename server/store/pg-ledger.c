/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg-ledger.c: the PostgreSQL backend's verbs on the ledger's rows,
 * the twins of the ledger verbs in store/sqlite-ledger.c. They store and select;
 * what the rows say is computed by core/ledger.c through store/ledger.c.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/pg.h"

#define _(s) gettext(s)
#define N_(s) (s)

int
fc_pgstore_household_get(struct fc_sstore *st, const char *id, struct fc_household *out, int *found,
			 struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;

	memset(out, 0, sizeof *out);
	fc_pgargs_text(&a, id);
	if ((res = fc_pgstore_run(st->pg, SQL_HOUSEHOLD_GET, &a, err,
				  N_("cannot read households"))) == NULL)
		return -1;
	*found = pq->ntuples(res) == 1;
	if (*found) {
		fc_pgstore_copy(out->id, sizeof out->id, res, 0, 0);
		fc_pgstore_copy(out->district, sizeof out->district, res, 0, 1);
		fc_pgstore_copy(out->address, sizeof out->address, res, 0, 2);
		fc_pgstore_copy(out->resident, sizeof out->resident, res, 0, 3);
		fc_pgstore_copy(out->phone, sizeof out->phone, res, 0, 4);
		fc_pgstore_copy(out->kind, sizeof out->kind, res, 0, 5);
		fc_pgstore_copy(out->last_check, sizeof out->last_check, res, 0, 6);
	}
	pq->clear(res);
	return 0;
}

int
fc_pgstore_household_bodies(struct fc_sstore *st, const char *household, fc_sbody_fn fn, void *ctx,
			    struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	fc_pgargs_text(&a, household);
	/* Sent ahead with the household's registry row (fc_pgstore_ledger_prefetch)? */
	if (fc_pgstore_prefetched(st->pg, SQL_HOUSEHOLD_BODIES, household, &res, err) != 0)
		return -1;
	if (res == NULL &&
	    (res = fc_pgstore_run(st->pg, SQL_HOUSEHOLD_BODIES, &a, err,
				  N_("cannot read the household's records"))) == NULL)
		return -1;
	for (int i = 0; i < pq->ntuples(res) && ret == 0; i++) {
		struct fc_sbody b = {
		    pq->getvalue(res, i, 0),	      pq->getvalue(res, i, 1),
		    pq->getvalue(res, i, 2),	      pq->getvalue(res, i, 3),
		    (size_t)pq->getlength(res, i, 1), (size_t)pq->getlength(res, i, 3)};

		ret = fn(&b, ctx, err);
	}
	pq->clear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_ledger_lock(struct fc_sstore *st, const char *household, struct fc_error *err)
{
	struct fc_pgargs a = {0};

	if (st->pg->ledger_all)
		return 0; /* every household's is held until commit */
	if (household == NULL) {
		st->pg->ledger_all = st->pg->in_txn;
		return fc_pgstore_defer(st->pg, SQL_LEDGER_LOCK_ALL, &a, err,
					N_("cannot lock the households' ledger"));
	}
	fc_pgargs_text(&a, household);
	return fc_pgstore_defer(st->pg, SQL_LEDGER_LOCK, &a, err,
				N_("cannot lock the household's ledger"));
}

int
fc_pgstore_ledger_prefetch(struct fc_sstore *st, const char *household, struct fc_error *err)
{
	struct fc_pgargs a = {0};

	fc_pgargs_text(&a, household);
	/*
	 * Its kept rows, its records and its kept counters: all answered in the
	 * round trip of its registry row, not three more (store/ledger.c reads
	 * them in that order; nothing between writes what they read).
	 */
	if (fc_pgstore_prefetch(st->pg, SQL_LEDGER_ROWS, &a, household, err,
				N_("cannot read the household's ledger rows")) != 0 ||
	    fc_pgstore_prefetch(st->pg, SQL_HOUSEHOLD_BODIES, &a, household, err,
				N_("cannot read the household's records")) != 0)
		return -1;
	return fc_pgstore_prefetch(st->pg, SQL_AGG_PART_GET, &a, household, err,
				   N_("cannot read the household's counters"));
}

int
fc_pgstore_ledger_del(struct fc_sstore *st, enum sql_id id, const char *const *key, int n,
		      struct fc_error *err)
{
	struct fc_pgargs a = {0};

	for (int i = 0; i < n; i++)
		fc_pgargs_text(&a, key[i]);
	return fc_pgstore_defer(st->pg, id, &a, err, N_("cannot delete a ledger row"));
}

/* Texts as $1.., then numbers after them. */
static void
pg_args_all(struct fc_pgargs *a, const char *const *text, int nt, const int *num, int nn)
{
	for (int i = 0; i < nt; i++)
		fc_pgargs_text(a, text[i]);
	for (int i = 0; i < nn; i++)
		fc_pgargs_int(a, num[i]);
}

int
fc_pgstore_ledger_hazard(struct fc_sstore *st, const struct fc_sledger_hazard *r,
			 struct fc_error *err)
{
	const char *const text[] = {
	    r->household, r->programme,	       r->item,	  r->district, r->record, r->root,
	    r->inspector, r->severity,	       r->note,	  r->rule,     r->found,  r->status,
	    r->closed_by, r->closed_inspector, r->closed, r->deadline};
	const int num[] = {r->followups};
	struct fc_pgargs a = {0};

	pg_args_all(&a, text, 16, num, 1);
	return fc_pgstore_defer(st->pg, SQL_LEDGER_PUT_HAZARD, &a, err, N_("cannot save a hazard"));
}

int
fc_pgstore_ledger_programme(struct fc_sstore *st, const struct fc_sledger_programme *r,
			    struct fc_error *err)
{
	const char *const text[] = {r->household, r->programme,	 r->district,	  r->last,
				    r->last_date, r->due,	 r->outcome,	  r->grade,
				    r->visit,	  r->visit_date, r->visit_outcome};
	const int num[] = {r->months,	 r->finding,	 r->visits,	 r->revisit,
			   r->escalated, r->inspections, r->visits_total};
	struct fc_pgargs a = {0};

	pg_args_all(&a, text, 11, num, 7);
	return fc_pgstore_defer(st->pg, SQL_LEDGER_PUT_PROGRAMME, &a, err,
				N_("cannot save a programme row"));
}

int
fc_pgstore_ledger_version(struct fc_sstore *st, const struct fc_sledger_version *r,
			  struct fc_error *err)
{
	const char *const text[] = {r->id,	  r->household, r->district,  r->root,
				    r->current,	  r->kind,	r->inspector, r->day,
				    r->programme, r->outcome,	r->grade};
	const int num[] = {r->conflict};
	struct fc_pgargs a = {0};

	pg_args_all(&a, text, 11, num, 1);
	return fc_pgstore_defer(st->pg, SQL_LEDGER_PUT_VERSION, &a, err,
				N_("cannot save a version row"));
}

int
fc_pgstore_ledger_pending(struct fc_sstore *st, char (*ids)[FC_ID_MAX], size_t max, size_t *n,
			  struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;

	*n = 0;
	fc_pgargs_int(&a, (int64_t)max);
	if ((res = fc_pgstore_run(st->pg, SQL_LEDGER_PENDING, &a, err,
				  N_("cannot read the households to compute"))) == NULL)
		return -1;
	for (int i = 0; i < pq->ntuples(res) && *n < max; i++)
		fc_pgstore_copy(ids[(*n)++], FC_ID_MAX, res, i, 0);
	pq->clear(res);
	return 0;
}

int
fc_pgstore_ledger_pending_done(struct fc_sstore *st, const char *household, struct fc_error *err)
{
	struct fc_pgargs a = {0};

	fc_pgargs_text(&a, household);
	return fc_pgstore_exec(st->pg, SQL_LEDGER_PENDING_DONE, &a, NULL, err,
			       N_("cannot note the household computed"));
}
