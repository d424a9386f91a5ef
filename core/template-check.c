/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template-check.c: the checks of a template that need every item known:
 * conditions (show-if may only look back), obligations, record types, the
 * outcome rule and the grading skeleton. Like template.c it never stops at
 * the first fault; each problem names the item it concerns.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond.h"
#include "template-int.h"
#include "template.h"

#define _(s) gettext(s)

const char *const tpl_record_types[] = {"inspection", "visit", NULL};

static const char *const tpl_keys_outcome[] = {
    "rules",	     "by_severity",   "severities",	"none",	  "from_grade", "levels",
    "override_item", "override_note", "grade_outcomes", "labels", NULL};
static const char *const tpl_keys_obligation[] = {"id",		"when",	   "if_severity", "if_flag",
						  "if_outcome", "require", "message",	  "tag",
						  "clause",	NULL};

void
tpl_check_strings_in(struct tpl_ctx *cx, const json_t *list, const char *what, const char *where,
		     int severities)
{
	size_t i;
	const json_t *v;

	if (!json_is_array(list) || json_array_size(list) == 0) {
		fc_problem_add(cx->problems, NULL, _("%s: %s must be a non-empty list"), where,
			       what);
		return;
	}
	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			fc_problem_add(cx->problems, NULL, _("%s: %s must hold strings"), where,
				       what);
		else if (severities && fc_template_severity_rank(cx->tpl, json_string_value(v)) < 0)
			fc_problem_add(cx->problems, NULL, _("%s: bad severity \"%s\""), where,
				       json_string_value(v));
	}
}

void
tpl_read_obligations(struct tpl_ctx *cx)
{
	struct fc_template *tpl = cx->tpl;
	json_t *obs = json_object_get(tpl->root, "obligations");
	json_t *o, *c;
	size_t i, j;
	char where[96];

	if (obs == NULL)
		return;
	if (!json_is_array(obs)) {
		fc_problem_add(cx->problems, NULL, _("\"obligations\" must be a list"));
		return;
	}
	tpl->obligations = calloc(json_array_size(obs) + 1, sizeof *tpl->obligations);
	if (tpl->obligations == NULL)
		return;
	json_array_foreach(obs, i, o) {
		struct fc_obligation *ob = &tpl->obligations[tpl->n_obligations];

		snprintf(where, sizeof where, _("obligation %zu"), i + 1);
		ob->id = tpl_string(cx, o, "id", 1, where, NULL);
		if (ob->id != NULL)
			snprintf(where, sizeof where, _("obligation %s"), ob->id);
		tpl_keys(cx, o, tpl_keys_obligation, where, NULL);
		ob->when = json_object_get(o, "when");
		ob->if_severity = json_object_get(o, "if_severity");
		ob->if_flag = tpl_string(cx, o, "if_flag", 0, where, NULL);
		ob->if_outcome = json_object_get(o, "if_outcome");
		ob->require = json_object_get(o, "require");
		tpl_label(cx, o, "message", 1, &ob->message, where, NULL);
		ob->tag = tpl_tag(cx, o, 1, where, NULL);
		ob->clause = tpl_string(cx, o, "clause", 1, where, NULL);
		if (ob->when == NULL && ob->if_severity == NULL && ob->if_flag == NULL &&
		    ob->if_outcome == NULL)
			fc_problem_add(
			    cx->problems, NULL,
			    _("%s: needs a trigger (when, if_severity, if_flag or if_outcome)"),
			    where);
		if (ob->if_severity != NULL)
			tpl_check_strings_in(cx, ob->if_severity, "if_severity", where, 1);
		if (ob->if_outcome != NULL)
			tpl_check_strings_in(cx, ob->if_outcome, "if_outcome", where, 0);
		if (ob->when != NULL)
			fc_cond_check(tpl, ob->when, FC_COND_NOSELF, tpl->n_items, where, NULL,
				      cx->problems);
		if (!json_is_array(ob->require) || json_array_size(ob->require) == 0)
			fc_problem_add(cx->problems, NULL,
				       _("%s: \"require\" must be a non-empty list"), where);
		json_array_foreach(ob->require, j, c) {
			const char *item = json_string_value(json_object_get(c, "item"));

			if (item == NULL)
				fc_problem_add(cx->problems, NULL,
					       _("%s: each required condition must name its item"),
					       where);
			fc_cond_check(tpl, c, FC_COND_NOSELF, tpl->n_items, where, item,
				      cx->problems);
		}
		tpl->n_obligations++;
	}
}

void
tpl_check_when_list(struct tpl_ctx *cx, const json_t *list, const char *key, const char *what,
		    const char *value_key, const char *const *allowed)
{
	const json_t *e;
	size_t i;
	char where[64];

	if (!json_is_array(list)) {
		fc_problem_add(cx->problems, NULL, _("\"%s\" must be a list"), key);
		return;
	}
	json_array_foreach(list, i, e) {
		const char *v;

		snprintf(where, sizeof where, "%s %zu", what, i + 1);
		v = tpl_string(cx, e, value_key, 1, where, NULL);
		if (v != NULL && allowed != NULL) {
			size_t k;

			for (k = 0; allowed[k] != NULL && strcmp(allowed[k], v) != 0; k++)
				;
			if (allowed[k] == NULL)
				fc_problem_add(cx->problems, NULL, _("%s: unknown %s \"%s\""),
					       where, value_key, v);
		}
		if (json_object_get(e, "when") == NULL)
			fc_problem_add(cx->problems, NULL, _("%s: missing \"when\""), where);
		else
			fc_cond_check(cx->tpl, json_object_get(e, "when"), FC_COND_NOSELF,
				      cx->tpl->n_items, where, NULL, cx->problems);
	}
}

/* override_note: the text item a raised outcome is explained in. */
static void
tpl_check_override_note(struct tpl_ctx *cx, const json_t *oc)
{
	const json_t *n = json_object_get(oc, "override_note");
	const struct fc_item *it;

	if (n == NULL)
		return;
	it = fc_template_item(cx->tpl, json_string_value(n));
	if (it == NULL || it->type != FC_ITEM_TEXT || json_object_get(oc, "override_item") == NULL)
		fc_problem_add(cx->problems, NULL,
			       _("outcome: override_note must name a text item, and needs "
				 "override_item"));
}

/* grade_outcomes: {"A": level, ...}, every value one of the outcome levels. */
static void
tpl_check_grade_outcomes(struct tpl_ctx *cx, const json_t *map, const json_t *levels)
{
	const char *g;
	json_t *v;

	if (map == NULL)
		return;
	if (!json_is_object(map) || !json_is_array(levels)) {
		fc_problem_add(cx->problems, NULL,
			       _("outcome: grade_outcomes must be an object {\"D\": \"serious\"} "
				 "and needs \"levels\", best first"));
		return;
	}
	json_object_foreach((json_t *)map, g, v) {
		const char *to = json_string_value(v);
		int found = 0;
		size_t i;
		const json_t *l;

		json_array_foreach(levels, i, l)
			found |= to != NULL && json_is_string(l) &&
				 strcmp(json_string_value(l), to) == 0;
		if (!found)
			fc_problem_add(cx->problems, NULL,
				       _("outcome: grade_outcomes maps %s to something that is not "
					 "one of the outcome levels"),
				       g);
	}
}

void
tpl_check_outcome(struct tpl_ctx *cx)
{
	struct fc_template *tpl = cx->tpl;
	const json_t *oc = tpl->outcome;
	const json_t *levels, *ov;

	if (!json_is_object(oc)) {
		fc_problem_add(cx->problems, NULL,
			       _("missing \"outcome\" (how the outcome is derived)"));
		return;
	}
	if (json_object_get(oc, "rules") != NULL)
		tpl_check_when_list(cx, json_object_get(oc, "rules"), "outcome.rules",
				    _("outcome rule"), "outcome", NULL);
	if (!json_is_string(json_object_get(oc, "none")) &&
	    !json_is_true(json_object_get(oc, "from_grade")))
		fc_problem_add(
		    cx->problems, NULL,
		    _("outcome: needs \"none\" (the outcome without hazards) or \"from_grade\""));
	tpl_keys(cx, oc, tpl_keys_outcome, "outcome", NULL);
	tpl_check_override_note(cx, oc);
	if (json_object_get(oc, "severities") != NULL)
		tpl_check_strings_in(cx, json_object_get(oc, "severities"), "severities", "outcome",
				     1);
	if (json_object_get(oc, "labels") != NULL) {
		const char *id;
		json_t *l;

		json_object_foreach((json_t *)json_object_get(oc, "labels"), id, l) {
			if (!json_is_string(json_object_get(l, "zh")) ||
			    !json_is_string(json_object_get(l, "en")))
				fc_problem_add(cx->problems, NULL,
					       _("outcome: the label of %s needs zh and en"), id);
		}
	}
	levels = json_object_get(oc, "levels");
	tpl_check_grade_outcomes(cx, json_object_get(oc, "grade_outcomes"), levels);
	ov = json_object_get(oc, "override_item");
	if (ov != NULL) {
		const struct fc_item *it = fc_template_item(tpl, json_string_value(ov));
		size_t i;
		const json_t *l;

		if (it == NULL || it->type != FC_ITEM_CHOICE) {
			fc_problem_add(cx->problems, NULL,
				       _("outcome: override_item must name a choice item"));
			return;
		}
		if (!json_is_array(levels)) {
			fc_problem_add(cx->problems, it->id,
				       _("outcome: override_item needs \"levels\", best first"));
			return;
		}
		for (size_t k = 0; k < it->n_options; k++) {
			int found = 0;

			json_array_foreach(levels, i, l)
				found |= json_is_string(l) &&
					 strcmp(json_string_value(l), it->options[k].id) == 0;
			if (!found)
				fc_problem_add(
				    cx->problems, it->id,
				    _("outcome: option %s of %s is not one of the outcome levels"),
				    it->options[k].id, it->id);
		}
	}
}

static void
tpl_check_grading_input(struct tpl_ctx *cx, const json_t *v, const char *where)
{
	const char *key;
	const json_t *sub;
	size_t i;

	if (json_is_object(v) && json_object_get(v, "$item") != NULL) {
		const char *id = json_string_value(json_object_get(v, "$item"));
		const struct fc_item *it = fc_template_item(cx->tpl, id);
		const char *part = json_string_value(json_object_get(v, "$key"));

		if (it == NULL && id == NULL)
			fc_problem_add(cx->problems, NULL, _("%s: \"$item\" must name an item"),
				       where);
		else if (it == NULL)
			fc_problem_add(cx->problems, NULL, _("%s: unknown item %s"), where, id);
		else if (json_object_get(v, "$key") != NULL &&
			 (it->type != FC_ITEM_MEMBERS || part == NULL ||
			  (strcmp(part, "foundation") != 0 && strcmp(part, "levels") != 0)))
			fc_problem_add(
			    cx->problems, NULL,
			    _("%s: \"$key\" of %s must be \"foundation\" or \"levels\" of a "
			      "members item"),
			    where, id);
		return;
	}
	if (json_is_object(v))
		json_object_foreach((json_t *)v, key, sub)
			tpl_check_grading_input(cx, sub, where);
	else if (json_is_array(v))
		json_array_foreach(v, i, sub)
			tpl_check_grading_input(cx, sub, where);
}

void
tpl_check_grading(struct tpl_ctx *cx)
{
	const json_t *g = cx->tpl->grading;
	const json_t *e;
	size_t i;
	char where[64];

	if (g == NULL)
		return;
	if (json_is_object(g)) {
		json_t *one = json_array();

		json_array_append(one, (json_t *)g);
		json_object_set_new(cx->tpl->root, "grading", one);
		cx->tpl->grading = g = one;
	}
	if (!json_is_array(g)) {
		fc_problem_add(cx->problems, NULL, _("\"grading\" must be an object or a list"));
		return;
	}
	json_array_foreach(g, i, e) {
		snprintf(where, sizeof where, _("grading %zu"), i + 1);
		tpl_string(cx, e, "method", 1, where, NULL);
		if (!json_is_object(json_object_get(e, "input")))
			fc_problem_add(cx->problems, NULL, _("%s: missing \"input\" object"),
				       where);
		tpl_check_grading_input(cx, json_object_get(e, "input"), where);
		if (json_object_get(e, "when") != NULL)
			fc_cond_check(cx->tpl, json_object_get(e, "when"), FC_COND_NOSELF,
				      cx->tpl->n_items, where, NULL, cx->problems);
	}
}

/* Conditions can only be checked once every item is known. */
void
tpl_check_conditions(struct tpl_ctx *cx)
{
	struct fc_template *tpl = cx->tpl;
	char where[96];

	for (size_t s = 0; s < tpl->n_sections; s++) {
		const struct fc_section *sec = &tpl->sections[s];

		snprintf(where, sizeof where, _("section %s show_if"), sec->id);
		if (sec->show_if != NULL)
			fc_cond_check(tpl, sec->show_if, FC_COND_NOSELF, sec->first_item, where,
				      NULL, cx->problems);
	}
	for (size_t i = 0; i < tpl->n_items; i++) {
		const struct fc_item *it = &tpl->items[i];

		snprintf(where, sizeof where, "%s show_if", it->id);
		if (it->show_if != NULL)
			fc_cond_check(tpl, it->show_if, FC_COND_NOSELF, i, where, it->id,
				      cx->problems);
	}
	for (size_t r = 0; r < tpl->n_rules; r++) {
		const struct fc_rule *ru = &tpl->rules[r];

		snprintf(where, sizeof where, _("%s hazard %s"), tpl->items[ru->item].id, ru->id);
		if (ru->when != NULL)
			fc_cond_check(tpl, ru->when, ru->item, tpl->n_items, where,
				      tpl->items[ru->item].id, cx->problems);
	}
}
