/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cond.c: evaluating and checking template conditions.
 *
 * Operators on one item (the item is "item", or the rule's own item):
 *   eq, ne       answer equals / differs (string, number or true/false)
 *   in           choice or yes/no answer is one of the list; for a multi
 *                answer, at least one chosen option is in the list
 *   has          multi answer contains the option
 *   gt ge lt le  numeric comparison; the operand is a number or
 *                {"item": X, "times": k} (another answer, scaled)
 *   age_gt age_ge  a year answer is more than / at least N years before the
 *                current year
 *   answered     true: the item has an answer; false: it has none
 * Combinators: all, any (arrays), not (object).
 * Design: evaluation never fails; every structural fault is found by
 * fc_cond_check when the template is loaded, so a form never stops on one.
 */
#include <math.h>
#include <string.h>

#include "cond.h"
#include "template.h"

static const char *const cond_item_ops[] = {
    "eq", "ne", "in", "has", "lacks", "gt", "ge", "lt", "le", "age_gt", "age_ge", "answered", NULL,
};

static int
cond_is_op(const char *key)
{
	for (size_t i = 0; cond_item_ops[i] != NULL; i++)
		if (strcmp(key, cond_item_ops[i]) == 0)
			return 1;
	return 0;
}

/* The answer a condition tests, or NULL when that item has none. */
static const json_t *
cond_answer(const json_t *cond, const struct fc_cond_env *env, const struct fc_item **item)
{
	const json_t *name = json_object_get(cond, "item");
	long idx;

	if (name != NULL) {
		idx = fc_template_item_index(env->tpl, json_string_value(name));
		if (idx < 0)
			return NULL;
	} else if (env->self != FC_COND_NOSELF) {
		idx = (long)env->self;
	} else {
		return NULL;
	}
	*item = &env->tpl->items[idx];
	return json_object_get(env->answers, env->tpl->items[idx].id);
}

static int
cond_operand(const json_t *v, const struct fc_cond_env *env, double *out)
{
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 0;
	}
	if (json_is_object(v)) {
		const json_t *other =
		    json_object_get(env->answers, json_string_value(json_object_get(v, "item")));
		const json_t *times = json_object_get(v, "times");

		if (!json_is_number(other))
			return -1;
		*out = json_number_value(other) * (times != NULL ? json_number_value(times) : 1.0);
		return 0;
	}
	return -1;
}

static int
cond_value_in(const json_t *answer, const json_t *list)
{
	size_t i;
	const json_t *v;

	if (json_is_array(answer)) {
		const json_t *a;
		size_t j;

		json_array_foreach(answer, j, a)
			if (cond_value_in(a, list))
				return 1;
		return 0;
	}
	json_array_foreach(list, i, v)
		if (json_equal(answer, v))
			return 1;
	return 0;
}

static int
cond_equal(const json_t *answer, const json_t *v)
{
	if (json_is_number(answer) && json_is_number(v))
		return json_number_value(answer) == json_number_value(v);
	return json_equal(answer, v);
}

static int
cond_item_test(const json_t *cond, const struct fc_cond_env *env)
{
	const struct fc_item *item = NULL;
	const json_t *answer = cond_answer(cond, env, &item);
	const char *key;
	const json_t *v;
	double a, b;

	json_object_foreach((json_t *)cond, key, v) {
		if (strcmp(key, "item") == 0)
			continue;
		if (strcmp(key, "answered") == 0) {
			if ((answer != NULL) != json_is_true(v))
				return 0;
			continue;
		}
		if (answer == NULL)
			return 0;
		if (strcmp(key, "eq") == 0) {
			if (!cond_equal(answer, v))
				return 0;
		} else if (strcmp(key, "ne") == 0) {
			if (cond_equal(answer, v))
				return 0;
		} else if (strcmp(key, "in") == 0) {
			if (!cond_value_in(answer, v))
				return 0;
		} else if (strcmp(key, "has") == 0) {
			const json_t *e;
			size_t j;
			int hit = 0;

			json_array_foreach(answer, j, e)
				hit |= json_equal(e, v);
			if (!hit)
				return 0;
		} else if (strcmp(key, "lacks") == 0) {
			/* A measure that must not be chosen ("monitor" for a D house). */
			const json_t *e;
			size_t j;

			json_array_foreach(answer, j, e)
				if (json_equal(e, v))
					return 0;
		} else if (strncmp(key, "age_", 4) == 0) {
			if (!json_is_number(answer) || !json_is_number(v))
				return 0;
			a = env->year - json_number_value(answer);
			b = json_number_value(v);
			if (strcmp(key, "age_gt") == 0 ? !(a > b) : !(a >= b))
				return 0;
		} else {
			if (!json_is_number(answer) || cond_operand(v, env, &b) != 0)
				return 0;
			a = json_number_value(answer);
			/* Decimal answers such as 2.1 against 2.0: compare with a tolerance far
			 * below any input step, so 0.1 + 0.2 style noise cannot flip a rule. */
			double eps = 1e-9 * fmax(1.0, fabs(b));
			if (strcmp(key, "gt") == 0 && !(a > b + eps))
				return 0;
			if (strcmp(key, "ge") == 0 && !(a >= b - eps))
				return 0;
			if (strcmp(key, "lt") == 0 && !(a < b - eps))
				return 0;
			if (strcmp(key, "le") == 0 && !(a <= b + eps))
				return 0;
		}
	}
	return 1;
}

int
fc_cond_eval(const json_t *cond, const struct fc_cond_env *env)
{
	const json_t *sub;
	size_t i;

	if (cond == NULL)
		return 1;
	if (!json_is_object(cond))
		return 0;
	if ((sub = json_object_get(cond, "all")) != NULL) {
		json_array_foreach(sub, i, cond)
			if (!fc_cond_eval(cond, env))
				return 0;
		return 1;
	}
	if ((sub = json_object_get(cond, "any")) != NULL) {
		json_array_foreach(sub, i, cond)
			if (fc_cond_eval(cond, env))
				return 1;
		return 0;
	}
	if ((sub = json_object_get(cond, "not")) != NULL)
		return !fc_cond_eval(sub, env);
	return cond_item_test(cond, env);
}

/* Checking */

static int
cond_value_fits(const struct fc_item *item, const json_t *v)
{
	switch (item->type) {
	case FC_ITEM_YESNO:
		return json_is_string(v) && (strcmp(json_string_value(v), "yes") == 0 ||
					     strcmp(json_string_value(v), "no") == 0 ||
					     strcmp(json_string_value(v), "na") == 0);
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI:
		return json_is_string(v) &&
		       fc_template_option_index(item, json_string_value(v)) >= 0;
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		return json_is_number(v);
	case FC_ITEM_TEXT:
		return json_is_string(v);
	case FC_ITEM_PHOTO:
	case FC_ITEM_MEMBERS: /* only "answered" tests apply */
		return 0;
	}
	return 0;
}

static int
cond_is_numeric(const struct fc_item *item)
{
	return item->type == FC_ITEM_NUMBER || item->type == FC_ITEM_YEAR ||
	       item->type == FC_ITEM_COUNT;
}

static void
cond_check_item(const struct fc_template *tpl, const json_t *cond, size_t self, size_t limit,
		const char *where, const char *owner, json_t *problems)
{
	const json_t *name = json_object_get(cond, "item");
	const struct fc_item *item;
	const char *key;
	const json_t *v;
	long idx;

	if (name != NULL) {
		if (!json_is_string(name)) {
			fc_problem_add(problems, owner, "%s: \"item\" must be an item id", where);
			return;
		}
		idx = fc_template_item_index(tpl, json_string_value(name));
		if (idx < 0) {
			fc_problem_add(problems, owner, "%s: unknown item %s", where,
				       json_string_value(name));
			return;
		}
		if ((size_t)idx >= limit) {
			fc_problem_add(
			    problems, owner,
			    "%s: condition on %s, which comes later in the form; a condition may "
			    "only look at earlier items",
			    where, json_string_value(name));
			return;
		}
	} else if (self != FC_COND_NOSELF) {
		idx = (long)self;
	} else {
		fc_problem_add(problems, owner, "%s: condition names no item", where);
		return;
	}
	item = &tpl->items[idx];
	if (json_object_size(cond) < (name != NULL ? 2u : 1u))
		fc_problem_add(problems, owner, "%s: condition on %s has no test", where, item->id);
	json_object_foreach((json_t *)cond, key, v) {
		if (strcmp(key, "item") == 0)
			continue;
		if (!cond_is_op(key)) {
			fc_problem_add(problems, owner, "%s: unknown operator \"%s\"", where, key);
			continue;
		}
		if (strcmp(key, "answered") == 0) {
			if (!json_is_boolean(v))
				fc_problem_add(problems, owner,
					       "%s: answered must be true or false", where);
		} else if (strcmp(key, "eq") == 0 || strcmp(key, "ne") == 0 ||
			   strcmp(key, "has") == 0 || strcmp(key, "lacks") == 0) {
			if (!cond_value_fits(item, v))
				fc_problem_add(problems, owner,
					       "%s: %s is not a possible answer of %s (%s)", where,
					       json_is_string(v) ? json_string_value(v) : "value",
					       item->id, fc_item_type_name(item->type));
			if ((strcmp(key, "has") == 0 || strcmp(key, "lacks") == 0) &&
			    item->type != FC_ITEM_MULTI)
				fc_problem_add(problems, owner,
					       "%s: \"%s\" needs a multiple-choice item, %s is %s",
					       where, key, item->id, fc_item_type_name(item->type));
		} else if (strcmp(key, "in") == 0) {
			size_t i;
			const json_t *e;

			if (!json_is_array(v) || json_array_size(v) == 0)
				fc_problem_add(problems, owner, "%s: \"in\" needs a non-empty list",
					       where);
			json_array_foreach(v, i, e)
				if (!cond_value_fits(item, e))
					fc_problem_add(
					    problems, owner,
					    "%s: %s is not a possible answer of %s (%s)", where,
					    json_is_string(e) ? json_string_value(e) : "value",
					    item->id, fc_item_type_name(item->type));
		} else {
			if (!cond_is_numeric(item))
				fc_problem_add(problems, owner,
					       "%s: \"%s\" needs a numeric item, %s is %s", where,
					       key, item->id, fc_item_type_name(item->type));
			if (strncmp(key, "age_", 4) == 0 && item->type != FC_ITEM_YEAR)
				fc_problem_add(problems, owner, "%s: \"%s\" needs a year item",
					       where, key);
			if (json_is_object(v)) {
				const json_t *o = json_object_get(v, "item");
				long oi = fc_template_item_index(tpl, json_string_value(o));

				if (oi < 0)
					fc_problem_add(
					    problems, owner, "%s: unknown item %s", where,
					    json_is_string(o) ? json_string_value(o) : "(none)");
				else if (!cond_is_numeric(&tpl->items[oi]))
					fc_problem_add(
					    problems, owner,
					    "%s: %s compared with %s, which is not numeric", where,
					    item->id, tpl->items[oi].id);
				else if ((size_t)oi >= limit)
					fc_problem_add(
					    problems, owner,
					    "%s: condition on %s, which comes later in the form",
					    where, tpl->items[oi].id);
			} else if (!json_is_number(v)) {
				fc_problem_add(problems, owner, "%s: \"%s\" needs a number", where,
					       key);
			}
		}
	}
}

void
fc_cond_check(const struct fc_template *tpl, const json_t *cond, size_t self, size_t limit,
	      const char *where, const char *owner, json_t *problems)
{
	const json_t *sub, *e;
	size_t i;

	if (!json_is_object(cond)) {
		fc_problem_add(problems, owner, "%s: a condition must be an object", where);
		return;
	}
	if ((sub = json_object_get(cond, "all")) != NULL ||
	    (sub = json_object_get(cond, "any")) != NULL) {
		if (json_object_size(cond) != 1 || !json_is_array(sub) ||
		    json_array_size(sub) == 0) {
			fc_problem_add(
			    problems, owner,
			    "%s: \"all\"/\"any\" takes a non-empty list and nothing else", where);
			return;
		}
		json_array_foreach(sub, i, e)
			fc_cond_check(tpl, e, self, limit, where, owner, problems);
		return;
	}
	if ((sub = json_object_get(cond, "not")) != NULL) {
		if (json_object_size(cond) != 1) {
			fc_problem_add(problems, owner, "%s: \"not\" takes one condition", where);
			return;
		}
		fc_cond_check(tpl, sub, self, limit, where, owner, problems);
		return;
	}
	cond_check_item(tpl, cond, self, limit, where, owner, problems);
}
