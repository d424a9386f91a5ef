/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hazard.c: deriving hazards, record type and outcome from a valid answer
 * set, and checking the obligations hazards bring.
 *
 * Design: rules, record types, outcome and obligations are all template data
 * evaluated with cond.c; this file only walks them. A hazard carries its
 * rule's source tag and clause so a reviewer sees what is law and what is
 * practice. Obligations are checked after the outcome, because some depend on
 * it (measures after a "serious" self-built finding).
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "cond.h"
#include "hazard.h"

#define _(s) gettext(s)

static int
hazard_zh(const char *lang)
{
	return lang != NULL && strncmp(lang, "zh", 2) == 0;
}

int
fc_hazard_derive(const struct fc_template *tpl, const json_t *shown, int year, json_t **hazards,
		 struct fc_error *err)
{
	json_t *out = json_array();
	struct fc_cond_env env = {.tpl = tpl, .answers = shown, .year = year};

	*hazards = NULL;
	if (out == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	for (size_t r = 0; r < tpl->n_rules; r++) {
		const struct fc_rule *ru = &tpl->rules[r];
		const struct fc_item *it = &tpl->items[ru->item];
		const json_t *a = json_object_get(shown, it->id);
		json_t *h;

		/* An item not shown or not answered raises nothing; neither does "not applicable".
		 */
		if (a == NULL || (json_is_string(a) && strcmp(json_string_value(a), "na") == 0))
			continue;
		env.self = ru->item;
		if (!fc_cond_eval(ru->when, &env))
			continue;
		h = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "item", it->id, "rule", ru->id,
			      "severity", ru->severity, "note", ru->note.zh, "note_en", ru->note.en,
			      "tag", ru->tag, "clause", ru->clause);
		if (h == NULL)
			goto nomem;
		if (ru->verify != NULL)
			json_object_set_new(h, "verify", json_string(ru->verify));
		if (ru->flags != NULL && json_array_size(ru->flags) > 0)
			json_object_set(h, "flags", (json_t *)ru->flags);
		if (json_array_append_new(out, h) != 0)
			goto nomem;
	}
	*hazards = out;
	return 0;
nomem:
	json_decref(out);
	return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
}

const char *
fc_hazard_record_type(const struct fc_template *tpl, const json_t *shown, int year)
{
	struct fc_cond_env env = {
	    .tpl = tpl, .answers = shown, .year = year, .self = FC_COND_NOSELF};
	const json_t *e;
	size_t i;

	json_array_foreach(tpl->record_types, i, e)
		if (fc_cond_eval(json_object_get(e, "when"), &env))
			return json_string_value(json_object_get(e, "type"));
	return "inspection";
}

static long
hazard_level(const json_t *levels, const char *id)
{
	const json_t *l;
	size_t i;

	json_array_foreach(levels, i, l)
		if (json_is_string(l) && strcmp(json_string_value(l), id) == 0)
			return (long)i;
	return -1;
}

/*
 * outcome.grade_outcomes maps the computed grade to an outcome that the hazards
 * cannot undercut: a house the app itself grades D is never concluded "no
 * hazard" (docs/selfbuilt.md, formal appraisal). It only raises, along "levels".
 */
static void
hazard_grade_raise(const json_t *oc, const json_t *levels, const json_t *grade, char out[32])
{
	const char *g = json_string_value(json_object_get(grade, "grade"));
	const char *to;

	if (g == NULL)
		return;
	to = json_string_value(json_object_get(json_object_get(oc, "grade_outcomes"), g));
	if (to != NULL && hazard_level(levels, to) > hazard_level(levels, out))
		snprintf(out, 32, "%s", to);
}

const char *
fc_hazard_outcome_label(const struct fc_template *tpl, const char *id, const char *lang)
{
	const json_t *l;
	const struct fc_item *ov;
	long k;

	if (tpl == NULL || id == NULL)
		return id;
	l = json_object_get(json_object_get(tpl->outcome, "labels"), id);
	if (l != NULL) {
		const char *zh = json_string_value(json_object_get(l, "zh"));
		const char *en = json_string_value(json_object_get(l, "en"));

		return hazard_zh(lang) ? (zh != NULL ? zh : id) : (en != NULL ? en : id);
	}
	if ((k = fc_template_severity_rank(tpl, id)) >= 0)
		return fc_label_get(&tpl->severities[k].label, lang);
	ov = fc_template_item(tpl,
			      json_string_value(json_object_get(tpl->outcome, "override_item")));
	if (ov != NULL && (k = fc_template_option_index(ov, id)) >= 0)
		return fc_label_get(&ov->options[k].label, lang);
	return id;
}

/*
 * The surveyor may raise the derived outcome, never lower it (docs/selfbuilt.md
 * §2); a raise needs a note saying why when the outcome names the item for it
 * ("override_note"), as the rural grade's raise needs R31.
 */
static void
hazard_override(const struct fc_template *tpl, const json_t *shown, const char *lang, char out[32],
		json_t *problems)
{
	const json_t *oc = tpl->outcome, *levels = json_object_get(oc, "levels");
	const char *id = json_string_value(json_object_get(oc, "override_item"));
	const char *nid = json_string_value(json_object_get(oc, "override_note"));
	const json_t *ov = json_object_get(shown, id != NULL ? id : ""), *note;
	long want, have;

	if (!json_is_string(ov))
		return;
	want = hazard_level(levels, json_string_value(ov));
	have = hazard_level(levels, out);
	if (want < have) {
		const struct fc_item *it = fc_template_item(tpl, id);

		fc_problem_add(
		    problems, id,
		    hazard_zh(lang)
			? "%s：%s不能低于根据各项推定的结论“%s”"
			: "%s: %s cannot be lower than the outcome the answers give, '%s'",
		    id, it != NULL ? fc_label_get(&it->label, lang) : id, out);
		return;
	}
	if (want == have)
		return;
	note = nid != NULL ? json_object_get(shown, nid) : NULL;
	if (nid != NULL && (!json_is_string(note) || json_string_length(note) == 0)) {
		const struct fc_item *nit = fc_template_item(tpl, nid);

		fc_problem_add(
		    problems, nid,
		    hazard_zh(lang)
			? "%s：%s：%s将结论从“%s”上调为“%s”，须在此说明理由"
			: "%s: %s: %s raises the outcome from '%s' to '%s'; say why here",
		    nid, nit != NULL ? fc_label_get(&nit->label, lang) : nid, id,
		    fc_hazard_outcome_label(tpl, out, lang),
		    fc_hazard_outcome_label(tpl, json_string_value(ov), lang));
	}
	snprintf(out, 32, "%s", json_string_value(ov));
}

void
fc_hazard_outcome(const struct fc_template *tpl, const json_t *shown, int year,
		  const json_t *hazards, const json_t *grade, const char *lang, char out[32],
		  json_t *problems)
{
	struct fc_cond_env env = {
	    .tpl = tpl, .answers = shown, .year = year, .self = FC_COND_NOSELF};
	const json_t *oc = tpl->outcome;
	const json_t *e;
	const char *none = json_string_value(json_object_get(oc, "none"));
	long worst = -1;
	size_t i;

	snprintf(out, 32, "%s", none != NULL ? none : "");
	json_array_foreach(json_object_get(oc, "rules"), i, e) {
		if (fc_cond_eval(json_object_get(e, "when"), &env)) {
			snprintf(out, 32, "%s", json_string_value(json_object_get(e, "outcome")));
			return;
		}
	}
	if (json_is_true(json_object_get(oc, "from_grade")) &&
	    json_is_string(json_object_get(grade, "grade"))) {
		snprintf(out, 32, "%s", json_string_value(json_object_get(grade, "grade")));
	} else if (json_is_true(json_object_get(oc, "by_severity"))) {
		/* "severities" limits which hazards decide: a legality finding is not structural.
		 */
		const json_t *counted = json_object_get(oc, "severities");

		json_array_foreach(hazards, i, e) {
			const char *sev = json_string_value(json_object_get(e, "severity"));
			long rank = fc_template_severity_rank(tpl, sev);

			if (counted != NULL && hazard_level(counted, sev) < 0)
				continue;

			if (rank >= 0 && (worst < 0 || rank < worst))
				worst = rank;
		}
		if (worst >= 0)
			snprintf(out, 32, "%s", tpl->severities[worst].id);
	}
	hazard_grade_raise(oc, json_object_get(oc, "levels"), grade, out);
	hazard_override(tpl, shown, lang, out, problems);
}

/* Item ids of the hazards that trigger ob, into list; 1 if any (or no hazard trigger). */
static int
hazard_triggered(const struct fc_obligation *ob, const json_t *hazards, char *list, size_t size)
{
	const json_t *h, *f;
	size_t i, j, len = 0;
	int any = 0;

	list[0] = '\0';
	if (ob->if_severity == NULL && ob->if_flag == NULL)
		return 1;
	json_array_foreach(hazards, i, h) {
		int hit = 1;

		if (ob->if_severity != NULL)
			hit = hazard_level(ob->if_severity,
					   json_string_value(json_object_get(h, "severity"))) >= 0;
		if (hit && ob->if_flag != NULL) {
			int flagged = 0;

			json_array_foreach(json_object_get(h, "flags"), j, f)
				flagged |= json_is_string(f) &&
					   strcmp(json_string_value(f), ob->if_flag) == 0;
			hit = flagged;
		}
		if (!hit)
			continue;
		any = 1;
		if (len < size - 40)
			len += (size_t)snprintf(list + len, size - len, "%s%s", len ? ", " : "",
						json_string_value(json_object_get(h, "item")));
	}
	return any;
}

size_t
fc_hazard_obligations(const struct fc_template *tpl, const json_t *shown, int year,
		      const json_t *hazards, const char *outcome, const char *lang,
		      json_t *problems)
{
	struct fc_cond_env env = {
	    .tpl = tpl, .answers = shown, .year = year, .self = FC_COND_NOSELF};
	size_t added = 0;
	int zh = hazard_zh(lang);

	for (size_t o = 0; o < tpl->n_obligations; o++) {
		const struct fc_obligation *ob = &tpl->obligations[o];
		char because[200];
		const json_t *req;
		size_t i;

		if (ob->when != NULL && !fc_cond_eval(ob->when, &env))
			continue;
		if (ob->if_outcome != NULL && hazard_level(ob->if_outcome, outcome) < 0)
			continue;
		if (!hazard_triggered(ob, hazards, because, sizeof because))
			continue;
		json_array_foreach(ob->require, i, req) {
			const char *id = json_string_value(json_object_get(req, "item"));
			const struct fc_item *it = fc_template_item(tpl, id);
			char src[400];

			if (fc_cond_eval(req, &env))
				continue;
			snprintf(src, sizeof src, "[%s %s]", ob->tag, ob->clause);
			if (because[0] != '\0')
				fc_problem_add(problems, id,
					       zh ? "%s：%s：%s（隐患：%s）%s"
						  : "%s: %s: %s (hazards: %s) %s",
					       id, fc_label_get(&it->label, lang),
					       fc_label_get(&ob->message, lang), because, src);
			else
				fc_problem_add(problems, id, zh ? "%s：%s：%s %s" : "%s: %s: %s %s",
					       id, fc_label_get(&it->label, lang),
					       fc_label_get(&ob->message, lang), src);
			added++;
		}
	}
	return added;
}

int
fc_hazard_is_major(const char *severity)
{
	static const char *const major[] = {"stop", "major", "serious"};

	for (size_t i = 0; severity != NULL && i < sizeof major / sizeof major[0]; i++)
		if (strcmp(severity, major[i]) == 0)
			return 1;
	return 0;
}
