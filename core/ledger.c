/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger.c: one household's records -> its state (ledger.h lists the rules).
 *
 * Two passes. The first resolves versions: which original each correction
 * replaces and which version of every original is current, so that the
 * second pass can walk the records in order and let each original act, at
 * its own place, through its current version. Follow-ups act at their own
 * place, after the inspection they follow; that is why a correction made
 * after a rectification does not reopen what was rectified, and why a
 * correction into a visit takes back everything its original did.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hazard.h"
#include "ledger.h"

#define _(s) gettext(s)
#define LEDGER_GROW(arr, n, cap, err)                                                              \
	(((n) < (cap) || ledger_grow((void **)&(arr), &(cap), sizeof *(arr), err) == 0) ? 0 : -1)

static int
ledger_grow(void **arr, size_t *cap, size_t size, struct fc_error *err)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = realloc(*arr, ncap * size);

	if (p == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory computing the ledger"));
	memset((char *)p + *cap * size, 0, (ncap - *cap) * size);
	*arr = p;
	*cap = ncap;
	return 0;
}

struct ledger_run {
	const struct fc_ledger_config *cfg;
	const struct fc_ledger_household *hh;
	const struct fc_ledger_entry *e;
	size_t n;
	const struct fc_ledger_entry **current; /* per entry: its root's current version */
	struct fc_ledger_state *s;
	size_t cap_v, cap_p, cap_h;
};

const struct fc_ledger_version *
fc_ledger_version(const struct fc_ledger_state *s, const char *id)
{
	for (size_t i = 0; i < s->n_versions; i++)
		if (strcmp(s->versions[i].id, id) == 0)
			return &s->versions[i];
	return NULL;
}

const struct fc_ledger_programme *
fc_ledger_programme_state(const struct fc_ledger_state *s, const char *programme)
{
	for (size_t i = 0; i < s->n_programmes; i++)
		if (strcmp(s->programmes[i].programme, programme) == 0)
			return &s->programmes[i];
	return NULL;
}

const struct fc_ledger_hazard *
fc_ledger_hazard(const struct fc_ledger_state *s, const char *programme, const char *item)
{
	for (size_t i = 0; i < s->n_hazards; i++)
		if (strcmp(s->hazards[i].programme, programme) == 0 &&
		    strcmp(s->hazards[i].item, item) == 0)
			return &s->hazards[i];
	return NULL;
}

const char *
fc_ledger_hazard_last_followup(const struct fc_ledger_hazard *h)
{
	return h->followups > 0 && strcmp(h->state, FC_HAZARD_RECTIFIED) != 0 ? h->when : "";
}

const struct fc_ledger_programme *
fc_ledger_revisit(const struct fc_ledger_state *s)
{
	const struct fc_ledger_programme *visit = NULL;

	for (size_t i = 0; i < s->n_programmes; i++)
		if (s->programmes[i].revisit &&
		    (visit == NULL || strcmp(s->programmes[i].visit_date, visit->visit_date) > 0))
			visit = &s->programmes[i];
	return visit;
}

static const struct fc_ledger_entry *
ledger_entry(const struct ledger_run *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->e[i].id, id) == 0)
			return &r->e[i];
	return NULL;
}

/* Pass 1: versions. Later corrections of the same original win (they come later in order). */
static int
ledger_versions(struct ledger_run *r, struct fc_error *err)
{
	struct fc_ledger_state *s = r->s;

	for (size_t i = 0; i < r->n; i++) {
		const struct fc_ledger_entry *e = &r->e[i];
		const struct fc_ledger_version *target = NULL;
		struct fc_ledger_version *v;

		if (e->kind[0] == '\0' || strcmp(e->household, r->hh->id) != 0)
			continue;
		if (e->corrects[0] != '\0' && (target = fc_ledger_version(s, e->corrects)) == NULL)
			continue; /* corrects nothing of this household: it changes nothing */
		if (LEDGER_GROW(s->versions, s->n_versions, r->cap_v, err) != 0)
			return -1;
		v = &s->versions[s->n_versions++];
		snprintf(v->id, sizeof v->id, "%s", e->id);
		snprintf(v->kind, sizeof v->kind, "%s", e->kind);
		snprintf(v->root, sizeof v->root, "%s", target != NULL ? target->root : e->id);
		v->conflict = target != NULL && strcmp(target->current, target->id) != 0;
		for (size_t k = 0; k < s->n_versions; k++)
			if (strcmp(s->versions[k].root, v->root) == 0)
				snprintf(s->versions[k].current, sizeof v->current, "%s", e->id);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct fc_ledger_version *v = fc_ledger_version(s, r->e[i].id);

		r->current[i] = v != NULL ? ledger_entry(r, v->current) : NULL;
	}
	return 0;
}

static struct fc_ledger_programme *
ledger_prog(struct ledger_run *r, const char *programme, struct fc_error *err)
{
	struct fc_ledger_state *s = r->s;
	struct fc_ledger_programme *p =
	    (struct fc_ledger_programme *)fc_ledger_programme_state(s, programme);

	if (p != NULL)
		return p;
	if (LEDGER_GROW(s->programmes, s->n_programmes, r->cap_p, err) != 0)
		return NULL;
	p = &s->programmes[s->n_programmes++];
	snprintf(p->programme, sizeof p->programme, "%s", programme);
	return p;
}

static int
ledger_is_open(const struct fc_ledger_hazard *h)
{
	return h->state != NULL && strcmp(h->state, FC_HAZARD_OPEN) == 0;
}

static void
ledger_change(struct fc_ledger_hazard *h, const char *state, const struct fc_ledger_entry *by,
	      const char *when)
{
	h->state = state;
	snprintf(h->by, sizeof h->by, "%s", by->id);
	snprintf(h->by_inspector, sizeof h->by_inspector, "%s", by->inspector);
	snprintf(h->when, sizeof h->when, "%s", when);
}

/* A completed inspection v of root (at root's date): reinspect, then raise. */
static int
ledger_inspect(struct ledger_run *r, const struct fc_ledger_entry *root,
	       const struct fc_ledger_entry *v, struct fc_error *err)
{
	struct fc_ledger_state *s = r->s;

	for (size_t i = 0; i < s->n_hazards; i++) {
		struct fc_ledger_hazard *h = &s->hazards[i];
		int raised = 0;

		for (size_t k = 0; k < v->n_hazards; k++)
			raised |= strcmp(v->hazards[k].item, h->item) == 0;
		if (!raised && ledger_is_open(h) && strcmp(h->programme, v->programme) == 0)
			ledger_change(h, FC_HAZARD_REINSPECTED, v, root->date);
	}
	for (size_t k = 0; k < v->n_hazards; k++) {
		const struct fc_ledger_item *it = &v->hazards[k];
		struct fc_ledger_hazard *h =
		    (struct fc_ledger_hazard *)fc_ledger_hazard(s, v->programme, it->item);

		if (h == NULL) {
			if (LEDGER_GROW(s->hazards, s->n_hazards, r->cap_h, err) != 0)
				return -1;
			h = &s->hazards[s->n_hazards++];
			snprintf(h->programme, sizeof h->programme, "%s", v->programme);
			snprintf(h->item, sizeof h->item, "%s", it->item);
		}
		if (!ledger_is_open(h)) {
			/* Raised anew: a new hazard under the same key. */
			snprintf(h->found, sizeof h->found, "%s", root->date);
			h->by[0] = h->by_inspector[0] = h->when[0] = h->deadline[0] = '\0';
			h->followups = 0;
			h->state = FC_HAZARD_OPEN;
		}
		snprintf(h->severity, sizeof h->severity, "%s", it->severity);
		snprintf(h->note, sizeof h->note, "%s", it->note);
		snprintf(h->rule, sizeof h->rule, "%s", it->rule);
		snprintf(h->record, sizeof h->record, "%s", v->id);
		snprintf(h->root, sizeof h->root, "%s", root->id);
	}
	return 0;
}

/* An original (inspection or visit) acting through its current version. */
static int
ledger_original(struct ledger_run *r, const struct fc_ledger_entry *root,
		const struct fc_ledger_entry *v, struct fc_error *err)
{
	struct fc_ledger_programme *p = ledger_prog(r, v->programme, err);

	if (p == NULL)
		return -1;
	if (strcmp(v->kind, FC_KIND_VISIT) == 0) {
		p->visits++;
		p->visits_total++;
		p->revisit = 1;
		snprintf(p->visit, sizeof p->visit, "%s", v->id);
		snprintf(p->visit_date, sizeof p->visit_date, "%s", root->date);
		snprintf(p->visit_outcome, sizeof p->visit_outcome, "%s", v->outcome);
		return 0;
	}
	p->inspections++;
	p->visits = 0;
	p->revisit = 0;
	p->visit[0] = p->visit_date[0] = p->visit_outcome[0] = '\0';
	/* The latest date wins: a record signed with a clock set back does not move it back. */
	if (strcmp(root->date, p->last_date) < 0)
		return ledger_inspect(r, root, v, err);
	snprintf(p->last, sizeof p->last, "%s", v->id);
	snprintf(p->last_date, sizeof p->last_date, "%s", root->date);
	snprintf(p->outcome, sizeof p->outcome, "%s", v->outcome);
	snprintf(p->grade, sizeof p->grade, "%s", v->grade);
	p->finding = v->n_hazards > 0 || strcmp(v->grade, "C") == 0 || strcmp(v->grade, "D") == 0;
	return ledger_inspect(r, root, v, err);
}

/* A follow-up result that leaves h open: counted, with its new deadline if any. */
static void
ledger_noted(struct fc_ledger_hazard *h, const struct fc_ledger_entry *f, const char *deadline)
{
	h->followups++;
	snprintf(h->by, sizeof h->by, "%s", f->id);
	snprintf(h->by_inspector, sizeof h->by_inspector, "%s", f->inspector);
	snprintf(h->when, sizeof h->when, "%s", f->date);
	if (deadline[0] != '\0')
		snprintf(h->deadline, sizeof h->deadline, "%s", deadline);
}

/* A follow-up f of the original root. */
static void
ledger_followup(struct ledger_run *r, const struct fc_ledger_entry *f,
		const struct fc_ledger_entry *root, const struct fc_ledger_entry *cur)
{
	struct fc_ledger_state *s = r->s;

	if (f->n_results == 0) {
		/* Format 1: one outcome for every open hazard of the record followed. */
		int rectified = strcmp(f->outcome, FC_RESULT_RECTIFIED) == 0;

		for (size_t i = 0; i < s->n_hazards; i++) {
			struct fc_ledger_hazard *h = &s->hazards[i];

			if (!ledger_is_open(h) || strcmp(h->root, root->id) != 0)
				continue;
			if (rectified)
				ledger_change(h, FC_HAZARD_RECTIFIED, f, f->date);
			else
				ledger_noted(h, f, "");
		}
		return;
	}
	for (size_t k = 0; k < f->n_results; k++) {
		const struct fc_ledger_result *res = &f->results[k];
		struct fc_ledger_hazard *h =
		    (struct fc_ledger_hazard *)fc_ledger_hazard(s, cur->programme, res->item);

		if (h == NULL || !ledger_is_open(h))
			continue; /* refused by fc_ledger_check(); a race on the server */
		if (res->rectified) {
			ledger_change(h, FC_HAZARD_RECTIFIED, f, f->date);
			continue;
		}
		ledger_noted(h, f, res->deadline);
	}
}

/* Hazards an earlier version of an original raised that its current version does not. */
static int
ledger_superseded(struct ledger_run *r, struct fc_error *err)
{
	struct fc_ledger_state *s = r->s;

	for (size_t i = 0; i < r->n; i++) {
		const struct fc_ledger_entry *e = &r->e[i], *cur = r->current[i];

		if (cur == NULL || cur == e)
			continue;
		for (size_t k = 0; k < e->n_hazards; k++) {
			const struct fc_ledger_item *it = &e->hazards[k];
			struct fc_ledger_hazard *h;

			if (fc_ledger_hazard(s, e->programme, it->item) != NULL)
				continue; /* the key has a later truth */
			if (LEDGER_GROW(s->hazards, s->n_hazards, r->cap_h, err) != 0)
				return -1;
			h = &s->hazards[s->n_hazards++];
			snprintf(h->programme, sizeof h->programme, "%s", e->programme);
			snprintf(h->item, sizeof h->item, "%s", it->item);
			snprintf(h->severity, sizeof h->severity, "%s", it->severity);
			snprintf(h->note, sizeof h->note, "%s", it->note);
			snprintf(h->rule, sizeof h->rule, "%s", it->rule);
			snprintf(h->record, sizeof h->record, "%s", e->id);
			snprintf(h->root, sizeof h->root, "%s", fc_ledger_version(s, e->id)->root);
			snprintf(h->found, sizeof h->found, "%s", e->date);
			ledger_change(h, FC_HAZARD_SUPERSEDED, cur, cur->date);
		}
	}
	return 0;
}

/* Due dates, escalation, and the programmes that cover the kind but have no record yet. */
static int
ledger_due(struct ledger_run *r, struct fc_error *err)
{
	const struct fc_intervals *iv = r->cfg->iv;
	const char *kind = r->hh->kind != NULL ? r->hh->kind : "";
	int esc = r->cfg->escalate_after > 0		 ? r->cfg->escalate_after
		  : iv != NULL && iv->escalate_after > 0 ? iv->escalate_after
							 : FC_LEDGER_ESCALATE_DEFAULT;

	for (size_t i = 0; iv != NULL && i < iv->n; i++)
		if (strcmp(iv->v[i].kind, kind) == 0 &&
		    ledger_prog(r, iv->v[i].programme, err) == NULL)
			return -1;
	const struct fc_interval *own = iv != NULL ? fc_due_interval(iv, kind) : NULL;
	const char *floor = r->hh->last_check != NULL ? r->hh->last_check : "";

	for (size_t i = 0; i < r->s->n_programmes; i++) {
		struct fc_ledger_programme *p = &r->s->programmes[i];
		const struct fc_interval *in =
		    iv != NULL ? fc_due_interval_in(iv, p->programme, kind) : NULL;
		struct fc_date last;

		/* A check on paper before the records began counts for the kind's own programme. */
		if (own != NULL && strcmp(own->programme, p->programme) == 0 &&
		    fc_date_parse(floor, &last) == 0 && strcmp(floor, p->last_date) > 0)
			snprintf(p->last_date, sizeof p->last_date, "%s", floor);
		p->escalated = p->visits >= esc;
		p->months = in != NULL ? in->months : 0;
		if (in != NULL && fc_date_parse(p->last_date, &last) == 0)
			fc_date_format(fc_date_add_months(last, in->months), p->due);
	}
	return 0;
}

static int
ledger_walk(struct ledger_run *r, struct fc_error *err)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct fc_ledger_entry *e = &r->e[i];

		if (r->current[i] != NULL && e->corrects[0] == '\0') {
			if (ledger_original(r, e, r->current[i], err) != 0)
				return -1;
		} else if (strcmp(e->type, FC_TYPE_FOLLOWUP) == 0 &&
			   strcmp(e->household, r->hh->id) == 0) {
			const struct fc_ledger_version *v = fc_ledger_version(r->s, e->follows);
			const struct fc_ledger_entry *root =
			    v != NULL ? ledger_entry(r, v->root) : NULL;
			const struct fc_ledger_entry *cur =
			    v != NULL ? ledger_entry(r, v->current) : NULL;

			if (root != NULL && cur != NULL)
				ledger_followup(r, e, root, cur);
		}
	}
	return 0;
}

int
fc_ledger_compute(const struct fc_ledger_config *cfg, const struct fc_ledger_household *hh,
		  const struct fc_ledger_entry *e, size_t n, struct fc_ledger_state *out,
		  struct fc_error *err)
{
	struct fc_ledger_entry *order = NULL;
	struct ledger_run r = {cfg, hh, e, n, NULL, out, 0, 0, 0};
	int ret = -1;

	memset(out, 0, sizeof *out);
	snprintf(out->household, sizeof out->household, "%s", hh->id);
	/*
	 * The order they happened in is decided here, once, for every store: the
	 * device handed its chain's order and the server signed time, and the two
	 * disagreed on a batch entered out of order (fc_ledger_sort()).
	 */
	if (n > 0 && ((r.current = calloc(n, sizeof *r.current)) == NULL ||
		      (order = malloc(n * sizeof *order)) == NULL)) {
		free(r.current);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory computing the ledger"));
	}
	if (n > 0) {
		memcpy(order, e, n * sizeof *order); /* shallow: the caller still owns them */
		fc_ledger_sort(order, n);
		r.e = order;
	}
	if (ledger_versions(&r, err) == 0 && ledger_walk(&r, err) == 0 &&
	    ledger_superseded(&r, err) == 0 && ledger_due(&r, err) == 0)
		ret = 0;
	free(r.current);
	free(order);
	return ret;
}

int
fc_ledger_hazard_days(const char *severity)
{
	/* The severities that force a notice are the ones a week is given. */
	return fc_hazard_is_major(severity) ? 7 : 30;
}

void
fc_ledger_hazard_deadline(const struct fc_ledger_hazard *h, char out[11])
{
	struct fc_date found;

	if (h->deadline[0] != '\0') {
		snprintf(out, 11, "%s", h->deadline);
		return;
	}
	out[0] = '\0';
	if (fc_date_parse(h->found, &found) != 0)
		return;
	fc_date_format(fc_date_add_days(found, fc_ledger_hazard_days(h->severity)), out);
}

void
fc_ledger_state_release(struct fc_ledger_state *s)
{
	free(s->versions);
	free(s->programmes);
	free(s->hazards);
	memset(s, 0, sizeof *s);
}
