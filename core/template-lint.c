/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template-lint.c: the author's lint beyond what loading checks
 * (docs/checklists.md, "The lint"). Three rules, so that a gap like the
 * missing building height of selfbuilt v1 cannot come back:
 *
 * - every input a template's grading needs (core/grade.h, fc_grade_needs) is
 *   collected by a shown, answered item for every answer combination the form
 *   accepts that reaches that grading;
 * - every grade the grading can compute maps to an outcome (grade_outcomes,
 *   or the outcome is the grade itself: from_grade);
 * - every answer the form accepts for an item that reaches a grading through
 *   "$map" has a value in that map.
 *
 * Combinations are enumerated over the items that can matter: those the
 * grading's condition, the needed inputs and their show-if conditions name,
 * closed over the items their own conditions name. A number takes its range
 * ends and each threshold any condition compares it with, one step either
 * side; a choice each option; every item may also be unanswered. Answers of
 * hidden items are dropped as the form drops them, and a combination leaving
 * a shown required item unanswered is one the form refuses, so it is skipped.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond.h"
#include "grade.h"
#include "template.h"
#include "validate.h"

#define _(s) gettext(s)
#define LINT_COMBINATIONS_MAX 200000
#define LINT_VALUES_MAX 24

/* Where a grading input comes from: an item (maybe under a condition), a constant, nothing. */
struct lint_src {
	const char *item; /* NULL: a constant, or nothing when missing */
	const json_t *cond;
	const json_t *map;
	int missing;
};

struct lint_run {
	const struct fc_template *tpl;
	json_t *problems;
	size_t *rel; /* relevant item indexes, in form order */
	size_t n_rel,
	    n_core; /* rel[0..n_core) decide the needs; the rest only the grading's condition */
	unsigned char *is_rel;
	json_t **values; /* per relevant item: array of possible answers (null = unanswered) */
	int year;
};

static void
lint_source(const json_t *input, const char *path, struct lint_src *out)
{
	char part[64];
	const json_t *node = input;
	const char *p = path;

	memset(out, 0, sizeof *out);
	while (node != NULL && *p != '\0') {
		size_t n = strcspn(p, "/");

		snprintf(part, sizeof part, "%.*s", (int)n, p);
		node = json_object_get(node, part);
		p += n + (p[n] == '/');
	}
	if (json_is_object(node) && json_object_get(node, "$if") != NULL) {
		out->cond = json_object_get(node, "$if");
		node = json_object_get(node, "value");
	}
	if (node == NULL)
		out->missing = 1;
	else if (json_is_object(node) && json_object_get(node, "$item") != NULL) {
		out->item = json_string_value(json_object_get(node, "$item"));
		out->map = json_object_get(node, "$map");
	}
}

static void lint_add_cond(struct lint_run *r, const json_t *cond);

/* Mark item id relevant, with every item its own show-if conditions name. */
static void
lint_add_item(struct lint_run *r, const char *id)
{
	const struct fc_item *it = fc_template_item(r->tpl, id);
	size_t i;

	if (it == NULL)
		return;
	i = (size_t)(it - r->tpl->items);
	if (r->is_rel[i])
		return;
	r->is_rel[i] = 1;
	lint_add_cond(r, it->show_if);
	lint_add_cond(r, r->tpl->sections[it->section].show_if);
}

static void
lint_add_cond(struct lint_run *r, const json_t *cond)
{
	const char *key;
	const json_t *v;
	size_t i;

	if (json_is_object(cond)) {
		if (json_is_string(json_object_get(cond, "item")))
			lint_add_item(r, json_string_value(json_object_get(cond, "item")));
		json_object_foreach((json_t *)cond, key, v)
			lint_add_cond(r, v);
	} else if (json_is_array(cond)) {
		json_array_foreach(cond, i, v)
			lint_add_cond(r, v);
	}
}

/* Append v (stolen) to list unless an equal value is there already. */
static void
lint_value(json_t *list, json_t *v)
{
	size_t i;
	const json_t *e;

	json_array_foreach(list, i, e) {
		if (json_equal(e, v)) {
			json_decref(v);
			return;
		}
	}
	if (json_array_size(list) < LINT_VALUES_MAX)
		json_array_append_new(list, v);
	else
		json_decref(v);
}

/* A number around threshold c: c - step, c, c + step, within the item's range. */
static void
lint_number(json_t *list, const struct fc_item *it, double c)
{
	double step = 1.0;

	/* The smallest step the item accepts: a whole number, else its last decimal. */
	if (!it->integer && it->type == FC_ITEM_NUMBER)
		for (int d = it->decimals > 0 ? it->decimals : 1; d > 0; d--)
			step /= 10.0;
	for (int k = -1; k <= 1; k++) {
		double v = c + k * step;
		int whole = v > -1e15 && v < 1e15 && v == (double)(json_int_t)v;

		if ((it->has_min && v < it->min) || (it->has_max && v > it->max))
			continue;
		lint_value(list, whole ? json_integer((json_int_t)v) : json_real(v));
	}
}

/* Every number a condition compares item id with. */
static void
lint_thresholds(json_t *list, const struct fc_item *it, const json_t *cond)
{
	static const char *const ops[] = {"gt", "ge", "lt", "le", "eq", "ne", NULL};
	const char *key;
	const json_t *v;
	size_t i;

	if (json_is_object(cond)) {
		if (strcmp(json_string_value(json_object_get(cond, "item")) != NULL
			       ? json_string_value(json_object_get(cond, "item"))
			       : "",
			   it->id) == 0) {
			for (size_t k = 0; ops[k] != NULL; k++)
				if (json_is_number(json_object_get(cond, ops[k])))
					lint_number(
					    list, it,
					    json_number_value(json_object_get(cond, ops[k])));
			json_array_foreach(json_object_get(cond, "in"), i, v)
				if (json_is_number(v))
					lint_number(list, it, json_number_value(v));
		}
		json_object_foreach((json_t *)cond, key, v)
			lint_thresholds(list, it, v);
	} else if (json_is_array(cond)) {
		json_array_foreach(cond, i, v)
			lint_thresholds(list, it, v);
	}
}

/* The thresholds of the gradings' needs on the input item it collects (floors > 6). */
static void
lint_need_thresholds(json_t *list, const struct fc_template *tpl, const struct fc_item *it)
{
	const json_t *g;
	size_t gi;

	json_array_foreach(tpl->grading, gi, g) {
		const struct fc_grade_need *nd =
		    fc_grade_needs(json_string_value(json_object_get(g, "method")));

		for (; nd != NULL && nd->input != NULL; nd++) {
			struct lint_src src;

			if (nd->op != FC_NEED_GT)
				continue;
			lint_source(json_object_get(g, "input"), nd->if_input, &src);
			if (src.item != NULL && strcmp(src.item, it->id) == 0)
				lint_number(list, it, nd->value);
		}
	}
}

/* The answers item it may take in a combination; null stands for unanswered. */
static json_t *
lint_values(struct lint_run *r, const struct fc_item *it)
{
	const struct fc_template *tpl = r->tpl;
	json_t *list = json_array();

	lint_value(list, json_null());
	switch (it->type) {
	case FC_ITEM_YESNO:
		lint_value(list, json_string("yes"));
		lint_value(list, json_string("no"));
		lint_value(list, json_string("na"));
		break;
	case FC_ITEM_CHOICE:
		for (size_t k = 0; k < it->n_options; k++)
			lint_value(list, json_string(it->options[k].id));
		break;
	case FC_ITEM_MULTI:
		for (size_t k = 0; k < it->n_options; k++)
			lint_value(list, json_pack("[s]", it->options[k].id));
		break;
	case FC_ITEM_NUMBER:
	case FC_ITEM_COUNT:
	case FC_ITEM_YEAR:
		lint_number(list, it, it->has_min ? it->min : 0);
		if (it->has_max)
			lint_number(list, it, it->max);
		for (size_t i = 0; i < tpl->n_items; i++)
			lint_thresholds(list, it, tpl->items[i].show_if);
		for (size_t s = 0; s < tpl->n_sections; s++)
			lint_thresholds(list, it, tpl->sections[s].show_if);
		lint_thresholds(list, it, tpl->grading);
		lint_need_thresholds(list, tpl, it);
		break;
	default: /* text, photo, members: only whether it is answered can matter */
		lint_value(list, json_string("x"));
		break;
	}
	/* Ascending, so that a problem names the smallest answers that show it. */
	for (size_t a = 1; a < json_array_size(list); a++)
		for (size_t b = a + 1; b < json_array_size(list); b++)
			if (json_is_number(json_array_get(list, a)) &&
			    json_number_value(json_array_get(list, b)) <
				json_number_value(json_array_get(list, a))) {
				json_t *t = json_incref(json_array_get(list, a));

				json_array_set(list, a, json_array_get(list, b));
				json_array_set_new(list, b, t);
			}
	return list;
}

/* The value a needed-if input takes for these shown answers, or NULL. */
static const json_t *
lint_resolve(const struct lint_src *src, const json_t *input_node, const json_t *shown,
	     const struct fc_cond_env *env)
{
	const json_t *a;

	if (src->missing || (src->cond != NULL && !fc_cond_eval(src->cond, env)))
		return NULL;
	if (src->item == NULL)
		return input_node;
	a = json_object_get(shown, src->item);
	if (a != NULL && src->map != NULL && json_is_string(a))
		return json_object_get(src->map, json_string_value(a));
	return a;
}

static int
lint_needed(const struct fc_grade_need *nd, const json_t *input, const json_t *shown,
	    const struct fc_cond_env *env)
{
	struct lint_src q;
	const json_t *v;

	if (nd->op == FC_NEED_ALWAYS)
		return 1;
	lint_source(input, nd->if_input, &q);
	v = lint_resolve(&q, json_object_get(input, nd->if_input), shown, env);
	if (nd->op == FC_NEED_GT)
		return json_is_number(v) && json_number_value(v) > nd->value;
	return !json_is_true(v);
}

/* "S44=yes, S01=7": the shown relevant answers of a combination, for the problem. */
static void
lint_describe(struct lint_run *r, const json_t *shown, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t k = 0; k < r->n_rel && n + 1 < size; k++) {
		const char *id = r->tpl->items[r->rel[k]].id;
		const json_t *a = json_object_get(shown, id);
		char *text;

		if (a == NULL)
			continue;
		text = json_is_string(a) ? strdup(json_string_value(a))
					 : json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT);
		n += (size_t)snprintf(out + n, size - n, "%s%s=%s", n > 0 ? ", " : "", id,
				      text != NULL ? text : "?");
		free(text);
	}
	if (n >= size)
		out[size - 1] = '\0';
}

/* "when floors > 6", "unless site_dangerous is true", "always". */
static void
lint_need_text(const struct fc_grade_need *nd, char *out, size_t size)
{
	if (nd->op == FC_NEED_GT)
		snprintf(out, size, _("when %s > %g"), nd->if_input, nd->value);
	else if (nd->op == FC_NEED_NOT_TRUE)
		snprintf(out, size, _("unless %s is true"), nd->if_input);
	else
		snprintf(out, size, "%s", _("always"));
}

/* 1 when grading gi is the one these shown answers reach (the first whose condition holds). */
static int
lint_reaches(const struct lint_run *r, size_t gi, const json_t *shown)
{
	struct fc_cond_env env = {
	    .tpl = r->tpl, .answers = shown, .year = r->year, .self = FC_COND_NOSELF};

	for (size_t j = 0; j < gi; j++)
		if (fc_cond_eval(json_object_get(json_array_get(r->tpl->grading, j), "when"), &env))
			return 0;
	return fc_cond_eval(json_object_get(json_array_get(r->tpl->grading, gi), "when"), &env);
}

/* Set answers to combination idx of relevant items [from, to). */
static void
lint_set(struct lint_run *r, json_t *answers, const size_t *idx, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		json_t *v = json_array_get(r->values[k], idx[k]);
		const char *id = r->tpl->items[r->rel[k]].id;

		if (json_is_null(v))
			json_object_del(answers, id);
		else
			json_object_set(answers, id, v);
	}
}

/* 0 when the combination is one the form accepts and not a repeat of another. */
static int
lint_skip(const struct lint_run *r, size_t to, const json_t *answers, const json_t *shown,
	  const unsigned char *vis)
{
	for (size_t k = 0; k < to; k++) {
		const struct fc_item *it = &r->tpl->items[r->rel[k]];

		if (vis[r->rel[k]] && it->required && json_object_get(shown, it->id) == NULL)
			return 1;
		if (!vis[r->rel[k]] && json_object_get(answers, it->id) != NULL)
			return 1;
	}
	return 0;
}

/* Advance the mixed-radix counter over [from, to); 0 once it has wrapped. */
static int
lint_next(const struct lint_run *r, size_t *idx, size_t from, size_t to)
{
	size_t k;

	for (k = from; k < to && ++idx[k] == json_array_size(r->values[k]); k++)
		idx[k] = 0;
	return k < to;
}

/*
 * With the deciding items fixed in answers, look for answers to the others
 * that reach grading gi; on success *shown_out is those shown answers.
 */
static int
lint_find_reach(struct lint_run *r, size_t gi, json_t *answers, size_t *idx, unsigned char *vis,
		json_t **shown_out)
{
	size_t tried = 0;
	int more = 1;

	for (size_t k = r->n_core; k < r->n_rel; k++)
		idx[k] = 0;
	while (more && tried++ < LINT_COMBINATIONS_MAX) {
		json_t *shown;

		lint_set(r, answers, idx, r->n_core, r->n_rel);
		shown = fc_template_visibility(r->tpl, answers, r->year, vis);
		if (shown != NULL && !lint_skip(r, r->n_rel, answers, shown, vis) &&
		    lint_reaches(r, gi, shown)) {
			*shown_out = shown;
			return 1;
		}
		json_decref(shown);
		more = lint_next(r, idx, r->n_core, r->n_rel);
	}
	return 0;
}

static void
lint_report(struct lint_run *r, size_t gi, const struct fc_grade_need *nd,
	    const struct lint_src *src, const json_t *shown)
{
	const json_t *g = json_array_get(r->tpl->grading, gi);
	const char *method = json_string_value(json_object_get(g, "method"));
	char combo[256], when[96];

	lint_describe(r, shown, combo, sizeof combo);
	lint_need_text(nd, when, sizeof when);
	if (src->item != NULL)
		fc_problem_add(r->problems, src->item,
			       _("%s: grading %zu (%s) needs %s %s, but %s is not asked or may be "
				 "left unanswered for the accepted answers %s"),
			       src->item, gi + 1, method, nd->input, when, src->item, combo);
	else
		fc_problem_add(r->problems, NULL,
			       _("grading %zu (%s) needs %s %s, but no item collects it (accepted "
				 "answers %s)"),
			       gi + 1, method, nd->input, when, combo);
}

/* One accepted combination of the deciding items against grading gi's needs. */
static void
lint_combination(struct lint_run *r, size_t gi, json_t *answers, const json_t *shown, size_t *idx,
		 unsigned char *vis, unsigned char *tries)
{
	const json_t *g = json_array_get(r->tpl->grading, gi);
	const json_t *input = json_object_get(g, "input");
	const struct fc_grade_need *needs =
	    fc_grade_needs(json_string_value(json_object_get(g, "method")));
	struct fc_cond_env env = {
	    .tpl = r->tpl, .answers = shown, .year = r->year, .self = FC_COND_NOSELF};

	for (size_t k = 0; needs != NULL && needs[k].input != NULL && k < 16; k++) {
		struct lint_src src;
		json_t *reached = NULL;

		/* A few tries each: a gap the grading's condition can reach shows up at once. */
		if (tries[k] >= 2 || !lint_needed(&needs[k], input, shown, &env))
			continue;
		lint_source(input, needs[k].input, &src);
		if (!src.missing && (src.cond == NULL || fc_cond_eval(src.cond, &env)) &&
		    (src.item == NULL || json_object_get(shown, src.item) != NULL))
			continue;
		tries[k]++;
		if (!lint_find_reach(r, gi, answers, idx, vis, &reached))
			continue;
		tries[k] = 2;
		lint_report(r, gi, &needs[k], &src, reached);
		json_decref(reached);
	}
}

/* Relevant items [n_rel, ...) newly marked, in form order, with their possible answers. */
static size_t
lint_take(struct lint_run *r, unsigned char *taken)
{
	size_t total = 1;

	for (size_t i = 0; i < r->tpl->n_items; i++) {
		if (!r->is_rel[i] || taken[i])
			continue;
		taken[i] = 1;
		r->values[r->n_rel] = lint_values(r, &r->tpl->items[i]);
		r->rel[r->n_rel] = i;
		if (total <= LINT_COMBINATIONS_MAX)
			total *= json_array_size(r->values[r->n_rel]);
		r->n_rel++;
	}
	return total;
}

/*
 * The deciding items of grading gi (the needed inputs' items, the inputs that
 * decide whether they are needed, and what their showing depends on) first,
 * then the items only its condition names. Returns the deciding combinations.
 */
static size_t
lint_relevant(struct lint_run *r, size_t gi, unsigned char *taken)
{
	const json_t *g = json_array_get(r->tpl->grading, gi);
	const json_t *input = json_object_get(g, "input");
	const struct fc_grade_need *needs =
	    fc_grade_needs(json_string_value(json_object_get(g, "method")));
	size_t total;

	memset(r->is_rel, 0, r->tpl->n_items);
	memset(taken, 0, r->tpl->n_items);
	r->n_rel = 0;
	for (size_t k = 0; needs != NULL && needs[k].input != NULL; k++) {
		const char *paths[2] = {needs[k].input, needs[k].if_input};

		for (size_t p = 0; p < 2 && paths[p] != NULL; p++) {
			struct lint_src src;

			lint_source(input, paths[p], &src);
			if (src.item != NULL)
				lint_add_item(r, src.item);
			lint_add_cond(r, src.cond);
		}
	}
	total = lint_take(r, taken);
	r->n_core = r->n_rel;
	for (size_t j = 0; j <= gi; j++)
		lint_add_cond(r, json_object_get(json_array_get(r->tpl->grading, j), "when"));
	lint_take(r, taken);
	return total;
}

static void
lint_grading(struct lint_run *r, size_t gi, unsigned char *vis)
{
	unsigned char *taken = vis + r->tpl->n_items + 1, tries[16] = {0};
	size_t total = lint_relevant(r, gi, taken), *idx = calloc(r->n_rel + 1, sizeof *idx);
	json_t *answers = json_object();

	if (idx != NULL && total > LINT_COMBINATIONS_MAX)
		fc_problem_add(r->problems, NULL,
			       _("grading %zu: more than %d combinations of the answers its inputs "
				 "depend on; the lint cannot check that they are collected"),
			       gi + 1, LINT_COMBINATIONS_MAX);
	for (int more = idx != NULL && answers != NULL && total <= LINT_COMBINATIONS_MAX; more;) {
		json_t *shown;

		for (size_t k = r->n_core; k < r->n_rel; k++)
			json_object_del(answers, r->tpl->items[r->rel[k]].id);
		lint_set(r, answers, idx, 0, r->n_core);
		shown = fc_template_visibility(r->tpl, answers, r->year, vis);
		if (shown != NULL && !lint_skip(r, r->n_core, answers, shown, vis))
			lint_combination(r, gi, answers, shown, idx, vis, tries);
		json_decref(shown);
		more = lint_next(r, idx, 0, r->n_core);
	}
	for (size_t k = 0; k < r->n_rel; k++)
		json_decref(r->values[k]);
	json_decref(answers);
	free(idx);
}

/* Every grade a grading can compute maps to an outcome. */
static void
lint_grades(struct lint_run *r)
{
	const json_t *oc = r->tpl->outcome, *g;
	const json_t *map = json_object_get(oc, "grade_outcomes");
	unsigned char said[8] = {0};
	size_t gi;

	if (json_is_true(json_object_get(oc, "from_grade")))
		return;
	json_array_foreach(r->tpl->grading, gi, g) {
		const char *method = json_string_value(json_object_get(g, "method"));

		for (size_t k = 0; k < sizeof said && fc_grade_grades[k] != NULL; k++)
			if (!said[k] && !json_is_string(json_object_get(map, fc_grade_grades[k])) &&
			    (said[k] = 1))
				fc_problem_add(r->problems, NULL,
					       _("outcome: grade %s, which grading %zu (%s) can "
						 "compute, maps to no outcome (add it to "
						 "grade_outcomes)"),
					       fc_grade_grades[k], gi + 1,
					       method != NULL ? method : "?");
	}
}

/* One "$map" against the answers its item accepts (yes/no/na, or each option). */
static void
lint_map(struct lint_run *r, size_t gi, const json_t *node)
{
	const struct fc_item *it =
	    fc_template_item(r->tpl, json_string_value(json_object_get(node, "$item")));
	const json_t *map = json_object_get(node, "$map");
	const char *method =
	    json_string_value(json_object_get(json_array_get(r->tpl->grading, gi), "method"));
	static const char *const yesno[] = {"yes", "no", "na"};
	size_t n;

	if (it == NULL || !json_is_object(map))
		return;
	n = it->type == FC_ITEM_YESNO ? 3 : it->type == FC_ITEM_CHOICE ? it->n_options : 0;
	for (size_t k = 0; k < n; k++) {
		const char *a = it->type == FC_ITEM_YESNO ? yesno[k] : it->options[k].id;

		if (json_object_get(map, a) == NULL)
			fc_problem_add(r->problems, it->id,
				       _("%s: grading %zu (%s) takes this answer through "
					 "\"$map\", which gives no value for '%s', an answer the "
					 "form accepts: the grading would go without it (map it, "
					 "or do not offer it)"),
				       it->id, gi + 1, method != NULL ? method : "?", a);
	}
}

/*
 * Every answer the form accepts for an item whose answer reaches a grading
 * through "$map" has a value there: an answer left unmapped vanishes from the
 * input, and selfbuilt v2 accepted "na" for whether a high-rise's tilt is
 * converging, so the grading either refused a record the form had accepted
 * or took a measured H1 for not dangerous.
 */
static void
lint_maps(struct lint_run *r, size_t gi, const json_t *node)
{
	const char *key;
	const json_t *v;
	size_t i;

	if (json_is_object(node)) {
		if (json_object_get(node, "$item") != NULL && json_object_get(node, "$map") != NULL)
			lint_map(r, gi, node);
		json_object_foreach((json_t *)node, key, v)
			lint_maps(r, gi, v);
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, v)
			lint_maps(r, gi, v);
	}
}

size_t
fc_template_lint(const struct fc_template *tpl, json_t *problems)
{
	size_t before = json_array_size(problems), n = tpl->n_items + 1;
	struct lint_run r = {.tpl = tpl, .problems = problems, .year = fc_validate_this_year()};
	unsigned char *vis = calloc(3 * n, 1); /* shown, relevant, taken */

	r.rel = calloc(n, sizeof *r.rel);
	r.values = calloc(n, sizeof *r.values);
	r.is_rel = vis != NULL ? vis + 2 * n : NULL;
	if (vis == NULL || r.rel == NULL || r.values == NULL) {
		fc_problem_add(problems, NULL, _("out of memory"));
	} else {
		lint_grades(&r);
		for (size_t gi = 0; gi < json_array_size(tpl->grading); gi++) {
			lint_grading(&r, gi, vis);
			lint_maps(&r, gi,
				  json_object_get(json_array_get(tpl->grading, gi), "input"));
		}
	}
	free(r.values);
	free(r.rel);
	free(vis);
	return json_array_size(problems) - before;
}
