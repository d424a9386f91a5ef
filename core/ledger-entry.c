/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger-entry.c: a record reduced to what the ledger reads, the programme
 * of a template, and the order records happened in.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ledger.h"

#define _(s) gettext(s)

void
fc_ledger_programme(const struct fc_template *tpl, const char *template_id, char out[16])
{
	const char *p =
	    tpl != NULL ? json_string_value(json_object_get(tpl->root, "programme")) : NULL;
	size_t len;

	if (p != NULL && *p != '\0') {
		snprintf(out, 16, "%s", p);
		return;
	}
	/* Templates before the "programme" member: gas, selfbuilt, rural (or "gas-x"). */
	template_id = template_id != NULL ? template_id : "";
	len = strcspn(template_id, "-");
	if (len > 15)
		len = 15;
	memcpy(out, template_id, len);
	out[len] = '\0';
}

static int
entry_hazards(const struct fc_record_model *m, struct fc_ledger_entry *e, struct fc_error *err)
{
	size_t n = fc_record_model_hazard_count(m);

	if (n == 0)
		return 0;
	if ((e->hazards = calloc(n, sizeof *e->hazards)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	for (size_t i = 0; i < n; i++) {
		struct fc_record_hazard h;
		struct fc_ledger_item *it = &e->hazards[e->n_hazards];

		fc_record_model_hazard(m, i, &h);
		if (*h.item == '\0')
			continue;
		/* One row per item: a second rule on the same item adds nothing to the key. */
		int dup = 0;
		for (size_t k = 0; k < e->n_hazards; k++)
			dup |= strcmp(e->hazards[k].item, h.item) == 0;
		if (dup)
			continue;
		snprintf(it->item, sizeof it->item, "%s", h.item);
		snprintf(it->severity, sizeof it->severity, "%s", h.severity);
		snprintf(it->note, sizeof it->note, "%s", h.note);
		snprintf(it->rule, sizeof it->rule, "%s", h.rule);
		e->n_hazards++;
	}
	return 0;
}

static int
entry_results(const struct fc_record_model *m, struct fc_ledger_entry *e, struct fc_error *err)
{
	size_t n = fc_record_model_result_count(m);

	if (n == 0)
		return 0;
	if ((e->results = calloc(n, sizeof *e->results)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	for (size_t i = 0; i < n; i++) {
		struct fc_record_result r;
		struct fc_ledger_result *out = &e->results[i];

		fc_record_model_result(m, i, &r);
		snprintf(out->item, sizeof out->item, "%s", r.item);
		out->rectified = strcmp(r.result, FC_RESULT_RECTIFIED) == 0;
		snprintf(out->note, sizeof out->note, "%s", r.note);
		snprintf(out->deadline, sizeof out->deadline, "%s", r.deadline);
	}
	e->n_results = n;
	return 0;
}

int
fc_ledger_entry_from_model(const struct fc_record_model *m, const char *programme,
			   struct fc_ledger_entry *e, struct fc_error *err)
{
	memset(e, 0, sizeof *e);
	snprintf(e->id, sizeof e->id, "%s", m->id);
	snprintf(e->type, sizeof e->type, "%s", m->type);
	snprintf(e->kind, sizeof e->kind, "%s", m->kind);
	snprintf(e->inspector, sizeof e->inspector, "%s", m->inspector);
	snprintf(e->household, sizeof e->household, "%s", m->household);
	snprintf(e->programme, sizeof e->programme, "%s", programme != NULL ? programme : "");
	snprintf(e->time, sizeof e->time, "%s", m->time);
	snprintf(e->date, sizeof e->date, "%s", m->date);
	snprintf(e->outcome, sizeof e->outcome, "%s", m->outcome);
	snprintf(e->grade, sizeof e->grade, "%s", m->grade);
	snprintf(e->follows, sizeof e->follows, "%s", m->follows);
	snprintf(e->corrects, sizeof e->corrects, "%s", m->corrects);
	if (entry_hazards(m, e, err) != 0 || entry_results(m, e, err) != 0) {
		fc_ledger_entry_release(e);
		return -1;
	}
	return 0;
}

void
fc_ledger_entry_release(struct fc_ledger_entry *e)
{
	free(e->hazards);
	free(e->results);
	e->hazards = NULL;
	e->results = NULL;
	e->n_hazards = e->n_results = 0;
}

int
fc_ledger_entry_copy(struct fc_ledger_entry *dst, const struct fc_ledger_entry *src,
		     struct fc_error *err)
{
	*dst = *src;
	dst->hazards = NULL;
	dst->results = NULL;
	if (src->n_hazards > 0 &&
	    (dst->hazards = malloc(src->n_hazards * sizeof *dst->hazards)) == NULL)
		goto nomem;
	if (src->n_results > 0 &&
	    (dst->results = malloc(src->n_results * sizeof *dst->results)) == NULL)
		goto nomem;
	if (src->n_hazards > 0)
		memcpy(dst->hazards, src->hazards, src->n_hazards * sizeof *dst->hazards);
	if (src->n_results > 0)
		memcpy(dst->results, src->results, src->n_results * sizeof *dst->results);
	return 0;
nomem:
	fc_ledger_entry_release(dst);
	return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
}

int
fc_ledger_entry_from_draft(const struct fc_record_draft *d, struct fc_ledger_entry *e,
			   struct fc_error *err)
{
	struct fc_record_model m;
	int ret;

	/* The model reads hazards and results from its root: lend it the draft's. */
	memset(&m, 0, sizeof m);
	m.root = json_object();
	if (m.root == NULL ||
	    (d->hazards != NULL && json_object_set(m.root, "hazards", d->hazards) != 0) ||
	    (d->results != NULL && json_object_set(m.root, "results", d->results) != 0)) {
		json_decref(m.root);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	snprintf(m.type, sizeof m.type, "%s", d->type != NULL ? d->type : "");
	snprintf(m.household, sizeof m.household, "%s", d->household != NULL ? d->household : "");
	snprintf(m.template_id, sizeof m.template_id, "%s",
		 d->template_id != NULL ? d->template_id : "");
	snprintf(m.outcome, sizeof m.outcome, "%s", d->outcome != NULL ? d->outcome : "");
	snprintf(m.follows, sizeof m.follows, "%s", d->follows != NULL ? d->follows : "");
	snprintf(m.corrects, sizeof m.corrects, "%s", d->corrects != NULL ? d->corrects : "");
	const char *grade = json_string_value(json_object_get(d->grade, "grade"));
	snprintf(m.grade, sizeof m.grade, "%s", grade != NULL ? grade : "");
	if (fc_record_kind(m.type, d->kind, m.outcome, m.kind) != 0) {
		json_decref(m.root);
		return fc_error_set(err, FC_E_INVALID,
				    _("a correction's kind must be \"inspection\" or \"visit\""));
	}
	char prog[16];
	fc_ledger_programme(NULL, m.template_id, prog);
	ret = fc_ledger_entry_from_model(&m, prog, e, err);
	json_decref(m.root);
	return ret;
}

/* Minutes since the epoch day of "YYYY-MM-DDTHH:MM:SS+HH:MM", in UTC. */
static long long
entry_utc(const char *t)
{
	struct fc_date d;
	char day[11];
	int hh = 0, mm = 0, ss = 0, oh = 0, om = 0;
	long long v;

	snprintf(day, sizeof day, "%s", t);
	if (fc_date_parse(day, &d) != 0 || sscanf(t + 10, "T%2d:%2d:%2d", &hh, &mm, &ss) != 3)
		return 0;
	v = ((long long)fc_date_serial(d) * 1440 + hh * 60 + mm) * 60 + ss;
	if (strlen(t) >= 25 && sscanf(t + 20, "%2d:%2d", &oh, &om) == 2)
		v -= (t[19] == '-' ? -1 : 1) * (oh * 60 + om) * 60;
	return v;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct fc_ledger_entry *x = a, *y = b;
	long long tx = entry_utc(x->time), ty = entry_utc(y->time);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* An entry's sort key, its signed time read once. */
struct entry_key {
	long long utc;
	const char *id;
	size_t at;
};

static int
entry_key_cmp(const void *a, const void *b)
{
	const struct entry_key *x = a, *y = b;

	if (x->utc != y->utc)
		return x->utc < y->utc ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* An entry's id and place, for finding the record another one names. */
struct entry_at {
	const char *id;
	size_t at;
};

static int
entry_at_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry_at *)a)->id, ((const struct entry_at *)b)->id);
}

/* The place of the record e names (corrects or follows) in e[], or n. */
static size_t
entry_named(const struct fc_ledger_entry *e, const struct entry_at *ids, size_t n)
{
	const char *t = e->corrects[0] != '\0' ? e->corrects : e->follows;
	struct entry_at key = {t, 0};
	const struct entry_at *hit;

	if (*t == '\0')
		return n;
	hit = bsearch(&key, ids, n, sizeof *ids, entry_at_cmp);
	return hit != NULL ? hit->at : n;
}

struct entry_order {
	const struct fc_ledger_entry *e;
	size_t n, k;
	size_t pos;    /* entries before it were passed over in time order */
	size_t *named; /* per entry: the place of the record it names, or n */
	unsigned char *done;
	struct fc_ledger_entry *out;
};

/*
 * Entry i, then every one passed over while it waited for i (in time order),
 * then theirs. One signed after i is left where its time puts it.
 */
static void
entry_emit(struct entry_order *o, size_t i)
{
	o->out[o->k++] = o->e[i];
	o->done[i] = 1;
	for (size_t j = 0; j < o->pos; j++)
		if (!o->done[j] && o->named[j] == i)
			entry_emit(o, j);
}

/*
 * A correction or follow-up acts on the record it names, so it comes after
 * it whatever its signed time says: a clock set back between the two, or a
 * `record --batch` line dated before the line it follows, made the ledger
 * meet the correction first and ignore it (the server sorts by time; the
 * device read its own chain's order and took it). In time order otherwise;
 * records naming each other in a ring (only a forged set can) keep it.
 */
static int
entry_named_after(struct fc_ledger_entry *e, size_t n)
{
	struct entry_at *ids;
	struct entry_order o = {.e = e, .n = n};
	int late = 0, ret = -1;
	size_t naming = 0;

	/* Most households hold no correction or follow-up: nothing to place, nothing to allocate.
	 */
	for (size_t i = 0; i < n; i++)
		naming += e[i].corrects[0] != '\0' || e[i].follows[0] != '\0';
	if (naming == 0)
		return 0;
	ids = malloc(n * sizeof *ids);
	o.named = malloc(n * sizeof *o.named);
	o.done = calloc(n, 1);
	o.out = malloc(n * sizeof *o.out);
	if (ids == NULL || o.named == NULL || o.done == NULL || o.out == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		ids[i] = (struct entry_at){e[i].id, i};
	qsort(ids, n, sizeof *ids, entry_at_cmp);
	for (size_t i = 0; i < n; i++) {
		o.named[i] = entry_named(&e[i], ids, n);
		late |= o.named[i] != n && o.named[i] > i;
	}
	ret = 0;
	if (!late)
		goto out;
	for (o.pos = 0; o.pos < n; o.pos++) {
		size_t t = o.named[o.pos];

		if (!o.done[o.pos] && (t == n || t == o.pos || o.done[t]))
			entry_emit(&o, o.pos);
	}
	for (size_t i = 0; i < n; i++)
		if (!o.done[i])
			entry_emit(&o, i);
	memcpy(e, o.out, n * sizeof *e);
out:
	free(ids);
	free(o.named);
	free(o.done);
	free(o.out);
	return ret;
}

void
fc_ledger_sort(struct fc_ledger_entry *e, size_t n)
{
	struct entry_key *k;
	struct fc_ledger_entry *sorted;

	/* qsort's array may not be NULL even for no element (UBSan says so). */
	if (n < 2)
		return;
	/*
	 * The same order as entry_cmp gives, with each time parsed once instead of
	 * at every comparison (a server recompute sorts a household's whole history).
	 */
	k = malloc(n * sizeof *k);
	sorted = malloc(n * sizeof *sorted);
	if (k == NULL || sorted == NULL) {
		free(k);
		free(sorted);
		qsort(e, n, sizeof *e, entry_cmp);
		entry_named_after(e, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = (struct entry_key){entry_utc(e[i].time), e[i].id, i};
	qsort(k, n, sizeof *k, entry_key_cmp);
	for (size_t i = 0; i < n; i++)
		sorted[i] = e[k[i].at];
	memcpy(e, sorted, n * sizeof *e);
	free(sorted);
	free(k);
	entry_named_after(e, n);
}
