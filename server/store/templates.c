/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/templates.c: the checklists the server holds (`templates add`),
 * parsed once, and the check of a pushed record's answers against the
 * checklist version it names.
 *
 * Each store handle keeps the templates it has parsed with the highest
 * `rev` it has read. A push first asks the store for templates added after
 * that rev (one indexed query, usually answering nothing), so a version
 * that `templates add` stores while the server runs, from another process,
 * is seen by the next push; the ones already parsed are kept, since a
 * stored (id, version) never changes (adding it again is refused). A handle
 * serves one request at a time (the pool), so its cache needs no lock.
 *
 * A record is checked as the device checked it before signing (app/sign.c):
 * an inspection or correction's whole answer set (fc_validate_answers), a
 * follow-up's answers each alone and its results naming items of the
 * checklist. A record naming a checklist the server does not hold (the
 * built-in ones, until an administrator adds them) is not checked here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/record-model.h"
#include "core/record.h"
#include "core/validate.h"
#include "server/store/backend.h"

void
fc_sstore_templates_release(struct fc_sstore *st)
{
	for (size_t i = 0; i < st->tpl.n; i++)
		fc_template_free(st->tpl.v[i]);
	free(st->tpl.v);
	memset(&st->tpl, 0, sizeof st->tpl);
}

static int
templates_add(int64_t rev, const char *json, void *ctx, struct fc_error *err)
{
	struct fc_sstore *st = ctx;
	struct fc_stemplates *c = &st->tpl;
	struct fc_template *tpl = NULL;
	json_t *root = json_loads(json, 0, NULL);

	if (rev > c->rev)
		c->rev = rev;
	/* Stored by `templates add` after its checks: one that fails now is left out. */
	if (root == NULL || fc_template_load_json(root, NULL, &tpl, NULL, err) != 0)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct fc_template **v = realloc(c->v, cap * sizeof *v);

		if (v == NULL) {
			fc_template_free(tpl);
			return fc_error_set(err, FC_E_NOMEM, "out of memory reading templates");
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = tpl;
	c->parsed++;
	return 0;
}

int
fc_sstore_templates_refresh(struct fc_sstore *st, struct fc_error *err)
{
	return st->ops->templates_since(st, st->tpl.rev, templates_add, st, err);
}

const struct fc_template *
fc_sstore_template(const struct fc_sstore *st, const char *id, int version)
{
	for (size_t i = 0; i < st->tpl.n; i++)
		if (strcmp(st->tpl.v[i]->id, id) == 0 && st->tpl.v[i]->version == version)
			return st->tpl.v[i];
	return NULL;
}

long
fc_sstore_templates_parsed(const struct fc_sstore *st)
{
	return st->tpl.parsed;
}

/* A follow-up: each answer valid alone, each result an item of the checklist. */
static int
templates_followup(const struct fc_template *tpl, const struct fc_record_model *m, const char *lang,
		   char *reason, size_t size)
{
	const char *key;
	json_t *v;
	struct fc_record_result res;

	json_object_foreach((json_t *)fc_record_model_answers(m), key, v) {
		struct fc_error e = {0};

		if (fc_validate_answer(tpl, key, v, lang, &e) != 0) {
			snprintf(reason, size, "%s", e.msg);
			return 1;
		}
	}
	for (size_t i = 0; i < fc_record_model_result_count(m); i++) {
		fc_record_model_result(m, i, &res);
		if (fc_template_item(tpl, res.item) == NULL) {
			snprintf(reason, size, fc_gettext(lang, "%s: not an item of checklist %s"),
				 res.item, tpl->id);
			return 1;
		}
	}
	return 0;
}

/* Photos on items ("evidence"): each must be an item of the checklist version. */
static int
templates_evidence(const struct fc_template *tpl, const struct fc_record_model *m, const char *lang,
		   char *reason, size_t size)
{
	const char *item;
	const json_t *photos;

	for (size_t i = 0; i < fc_record_model_evidence_count(m); i++) {
		fc_record_model_evidence_at(m, i, &item, &photos);
		if (fc_template_item(tpl, item) == NULL) {
			snprintf(reason, size, fc_gettext(lang, "%s: not an item of checklist %s"),
				 item, tpl->id);
			return 1;
		}
	}
	return 0;
}

int
fc_sstore_check_answers(const struct fc_sstore *st, const struct fc_record_model *m,
			const char *lang, char *reason, size_t size)
{
	const struct fc_template *tpl;
	json_t *problems;
	struct fc_error e = {0};
	int year = atoi(m->date), ret = 0;

	if (m->template_id[0] == '\0' ||
	    (tpl = fc_sstore_template(st, m->template_id, m->template_version)) == NULL)
		return 0;
	if (lang == NULL)
		lang = fc_template_lang();
	if (templates_evidence(tpl, m, lang, reason, size) != 0)
		return 1;
	if (strcmp(m->type, FC_TYPE_FOLLOWUP) == 0)
		return templates_followup(tpl, m, lang, reason, size);
	if (strcmp(m->type, FC_TYPE_INSPECTION) != 0 && strcmp(m->type, FC_TYPE_CORRECTION) != 0)
		return 0;
	problems = json_array();
	if (problems == NULL) {
		snprintf(reason, size, "out of memory on the server");
		return 1;
	}
	if (fc_validate_answers(tpl, fc_record_model_answers(m), year, lang, problems, &e) != 0) {
		snprintf(reason, size,
			 fc_gettext(lang, "record %s does not fit checklist %s version %d: %s"),
			 m->id, tpl->id, tpl->version, e.msg);
		ret = 1;
	}
	json_decref(problems);
	return ret;
}
