/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checklist.c: from an answer set to a record's content — valid answers,
 * hazards, grade, outcome — and nothing else (no signing, no storage).
 *
 * The grading section of a template is a JSON skeleton of the grading
 * function's input (core/grade.h) in which {"$item": "R20"} stands for an
 * answer, optionally translated by "$map" ({"yes": true, "no": false}) or, for
 * a members item, narrowed to one member of its object by "$key", and
 * {"$if": condition, "value": v} for an array element or member present only
 * when the condition holds. A member whose answer is missing is left out, and
 * an object left empty that way is left out too, so the grading function sees
 * only what was entered.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "cond.h"
#include "grade.h"
#include "hazard.h"
#include "lang.h"
#include "members.h"
#include "settings.h"
#include "validate.h"

#define _(s) gettext(s)

struct cl_build {
	const struct fc_template *tpl;
	struct fc_cond_env env;
};

/* The value skel stands for, or NULL when it is absent for these answers. */
static json_t *
cl_build(struct cl_build *b, const json_t *skel)
{
	const json_t *ref, *map, *sub;
	const char *key;
	size_t i;
	json_t *out;

	if (json_is_object(skel) && (ref = json_object_get(skel, "$item")) != NULL) {
		const json_t *a = json_object_get(b->env.answers, json_string_value(ref));

		const struct fc_item *it = fc_template_item(b->tpl, json_string_value(ref));
		const char *part = json_string_value(json_object_get(skel, "$key"));

		if (a == NULL)
			return NULL;
		/* Member counts reach the grading as the object, whatever form was typed. */
		if (it != NULL && it->type == FC_ITEM_MEMBERS) {
			json_t *obj = fc_members_object(a), *v;

			if (obj == NULL || part == NULL)
				return obj;
			v = json_object_get(obj, part);
			v = v != NULL ? json_deep_copy(v) : NULL;
			json_decref(obj);
			return v;
		}
		map = json_object_get(skel, "$map");
		if (map != NULL && json_is_string(a)) {
			const json_t *m = json_object_get(map, json_string_value(a));

			return m != NULL ? json_deep_copy(m) : NULL;
		}
		return json_deep_copy(a);
	}
	if (json_is_object(skel) && json_object_get(skel, "$if") != NULL) {
		if (!fc_cond_eval(json_object_get(skel, "$if"), &b->env))
			return NULL;
		return cl_build(b, json_object_get(skel, "value"));
	}
	if (json_is_object(skel)) {
		out = json_object();
		json_object_foreach((json_t *)skel, key, sub) {
			json_t *v = cl_build(b, sub);

			if (v != NULL)
				json_object_set_new(out, key, v);
		}
		if (json_object_size(out) == 0 && json_object_size(skel) > 0) {
			json_decref(out);
			return NULL;
		}
		return out;
	}
	if (json_is_array(skel)) {
		out = json_array();
		json_array_foreach(skel, i, sub) {
			json_t *v = cl_build(b, sub);

			if (v != NULL)
				json_array_append_new(out, v);
		}
		return out;
	}
	return json_deep_copy(skel);
}

int
fc_checklist_grade_input(const struct fc_template *tpl, const json_t *shown, int year,
			 const char **method, json_t **input, struct fc_error *err)
{
	struct cl_build b = {
	    .tpl = tpl,
	    .env = {.tpl = tpl, .answers = shown, .year = year, .self = FC_COND_NOSELF}};
	const json_t *g;
	size_t i;

	*method = NULL;
	*input = NULL;
	json_array_foreach(tpl->grading, i, g) {
		if (!fc_cond_eval(json_object_get(g, "when"), &b.env))
			continue;
		*method = json_string_value(json_object_get(g, "method"));
		*input = cl_build(&b, json_object_get(g, "input"));
		if (*input == NULL)
			*input = json_object();
		if (*input == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		return 0;
	}
	return 0;
}

/* The value item takes from src, or NULL (new reference). */
static json_t *
cl_prefill_value(const struct fc_item *it, const struct fc_prefill_src *src)
{
	const char *from = json_string_value(json_object_get(it->prefill, "from"));
	const json_t *v;

	if (from != NULL && strcmp(from, "household.kind") == 0) {
		if (src->kind == NULL || src->kind[0] == '\0')
			return NULL;
		v = json_object_get(json_object_get(it->prefill, "map"), src->kind);
		return v != NULL ? json_incref((json_t *)v) : NULL;
	}
	if (from == NULL || strcmp(from, "setting") != 0 || src->settings == NULL)
		return NULL;
	v = fc_settings_get(src->settings, src->district,
			    json_string_value(json_object_get(it->prefill, "key")));
	/* A yes/no item states a boolean setting; a number item copies a number. */
	if (json_is_boolean(v) && it->type == FC_ITEM_YESNO)
		return json_string(json_is_true(v) ? "yes" : "no");
	return json_is_number(v) && it->type == FC_ITEM_NUMBER ? json_incref((json_t *)v) : NULL;
}

int
fc_checklist_prefill(const struct fc_template *tpl, json_t *answers,
		     const struct fc_prefill_src *src)
{
	unsigned char *filled, *shown;
	json_t *eff;
	int n = 0;

	filled = calloc(2 * tpl->n_items + 2, 1);
	if (filled == NULL)
		return 0;
	shown = filled + tpl->n_items + 1;
	for (size_t i = 0; i < tpl->n_items; i++) {
		const struct fc_item *it = &tpl->items[i];
		/* "fixed": the registry or the district decides, not the answers file. */
		int fixed = fc_checklist_item_fixed(it);
		json_t *v;

		if (it->prefill == NULL || (!fixed && json_object_get(answers, it->id) != NULL))
			continue;
		v = cl_prefill_value(it, src);
		if (v == NULL) {
			if (fixed)
				json_object_del(answers, it->id);
			continue;
		}
		if (json_object_set_new(answers, it->id, v) == 0) {
			filled[i] = 1;
			n++;
		}
	}
	/* A prefilled item the other answers hide (a nobody-home visit) stays unanswered. */
	eff = n > 0 ? fc_template_visibility(tpl, answers, fc_validate_this_year(), shown) : NULL;
	for (size_t i = 0; eff != NULL && i < tpl->n_items; i++) {
		if (filled[i] && !shown[i]) {
			json_object_del(answers, tpl->items[i].id);
			n--;
		}
	}
	json_decref(eff);
	free(filled);
	return n;
}

int
fc_checklist_item_fixed(const struct fc_item *item)
{
	return json_is_true(json_object_get(item->prefill, "fixed"));
}

int
fc_checklist_applies(const struct fc_template *tpl, const char *kind, const char *household,
		     struct fc_error *err)
{
	char list[256] = "";
	size_t i, len = 0;
	const json_t *k;
	int zh = strcmp(fc_lang_of_process(), "zh") == 0;

	if (tpl->kinds == NULL)
		return 0;
	json_array_foreach(tpl->kinds, i, k) {
		const char *s = json_string_value(k);

		if (s != NULL && kind != NULL && strcmp(s, kind) == 0)
			return 0;
		if (s != NULL && len + strlen(s) + 3 < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
						len > 0 ? ", " : "", s);
	}
	kind = kind != NULL && kind[0] != '\0' ? kind : "?";
	return fc_error_set(err, FC_E_INVALID,
			    zh ? "住户 %s 的类型为“%s”；检查表 %s 只适用于 %s"
			       : "household %s is of kind '%s'; checklist %s applies to %s",
			    household, kind, tpl->id, list);
}

void
fc_checklist_release(struct fc_checklist *cl)
{
	json_decref(cl->answers);
	json_decref(cl->hazards);
	json_decref(cl->grade);
	memset(cl, 0, sizeof *cl);
}

/* Has problems[from..] one about item? */
static int
cl_has_problem(const json_t *problems, size_t from, const char *item)
{
	for (size_t i = from; i < json_array_size(problems); i++) {
		const char *pi =
		    json_string_value(json_object_get(json_array_get(problems, i), "item"));

		if (pi != NULL && strcmp(pi, item) == 0)
			return 1;
	}
	return 0;
}

/*
 * The answers have problems already; so that the inspector learns everything in
 * one go, add what the hazards of the answers that are right would require (the
 * notice after a major hazard), unless that item is named already. Obligations
 * on the outcome wait until the answers are valid: the outcome is not known.
 */
static void
cl_more_problems(const struct fc_template *tpl, const json_t *answers, int year, const char *lang,
		 json_t *problems, size_t from)
{
	json_t *good = json_object(), *extra = json_array(), *eff = NULL, *hazards = NULL;
	unsigned char *shown = calloc(tpl->n_items + 1, 1);
	struct fc_error ignore = {0};
	const char *key;
	json_t *v;

	if (good == NULL || extra == NULL || shown == NULL)
		goto out;
	json_object_foreach((json_t *)answers, key, v) {
		if (fc_validate_answer(tpl, key, v, lang, &ignore) == 0)
			json_object_set(good, key, v);
	}
	if ((eff = fc_template_visibility(tpl, good, year, shown)) == NULL ||
	    fc_hazard_derive(tpl, eff, year, &hazards, &ignore) != 0)
		goto out;
	for (size_t o = 0; o < tpl->n_obligations; o++) {
		struct fc_template one = *tpl;

		if (tpl->obligations[o].if_outcome != NULL)
			continue;
		one.obligations = &tpl->obligations[o];
		one.n_obligations = 1;
		fc_hazard_obligations(&one, eff, year, hazards, "", lang, extra);
	}
	for (size_t i = 0; i < json_array_size(extra); i++) {
		json_t *p = json_array_get(extra, i);
		const char *item = json_string_value(json_object_get(p, "item"));

		if (item != NULL && !cl_has_problem(problems, from, item))
			json_array_append(problems, p);
	}
out:
	free(shown);
	json_decref(eff);
	json_decref(hazards);
	json_decref(extra);
	json_decref(good);
}

/*
 * "N problems; first: ..." for problems[before..], in the language the
 * problems are worded in (the caller's lang), as the problems themselves are.
 */
static int
cl_problems_error(const json_t *problems, size_t before, int zh, struct fc_error *err)
{
	size_t n = json_array_size(problems) - before;
	const char *first =
	    json_string_value(json_object_get(json_array_get(problems, before), "message"));

	if (first == NULL)
		first = "?";
	if (zh)
		return fc_error_set(err, FC_E_INVALID, "答案有 %zu 处问题，第一处：%s", n, first);
	return fc_error_set(err, FC_E_INVALID, "%zu problem%s in the answers; first: %s", n,
			    n == 1 ? "" : "s", first);
}

int
fc_checklist_evaluate(const struct fc_template *tpl, const json_t *answers, int year,
		      const char *lang, struct fc_checklist *out, json_t *problems,
		      struct fc_error *err)
{
	json_t *mine = problems != NULL ? json_incref(problems) : json_array();
	size_t before = json_array_size(mine);
	unsigned char *shown = NULL;
	const char *method = NULL;
	json_t *input = NULL;
	int zh = lang != NULL && strncmp(lang, "zh", 2) == 0;
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (year == 0)
		year = fc_validate_this_year();
	if (fc_validate_answers(tpl, answers, year, lang, mine, err) != 0) {
		cl_more_problems(tpl, answers, year, lang, mine, before);
		if (json_array_size(mine) > before)
			cl_problems_error(mine, before, zh, err);
		goto out;
	}
	if ((shown = calloc(tpl->n_items + 1, 1)) == NULL ||
	    (out->answers = fc_template_visibility(tpl, answers, year, shown)) == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		goto out;
	}
	if (fc_hazard_derive(tpl, out->answers, year, &out->hazards, err) != 0 ||
	    fc_checklist_grade_input(tpl, out->answers, year, &method, &input, err) != 0)
		goto out;
	if (method != NULL) {
		struct fc_error ge = {0};

		if (fc_grade_compute(method, input, &out->grade, &ge) != 0)
			fc_problem_add(mine, NULL, zh ? "定级（%s）：%s" : "grading (%s): %s",
				       method, ge.msg);
	}
	snprintf(out->record_type, sizeof out->record_type, "%s",
		 fc_hazard_record_type(tpl, out->answers, year));
	fc_hazard_outcome(tpl, out->answers, year, out->hazards, out->grade, lang, out->outcome,
			  mine);
	fc_hazard_obligations(tpl, out->answers, year, out->hazards, out->outcome, lang, mine);
	if (json_array_size(mine) > before) {
		cl_problems_error(mine, before, zh, err);
		goto out;
	}
	ret = 0;
out:
	if (ret != 0)
		fc_checklist_release(out);
	json_decref(input);
	json_decref(mine);
	free(shown);
	return ret;
}
