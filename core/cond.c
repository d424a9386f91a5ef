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
#include <libintl.h>
#include <math.h>
#include <string.h>

#include "cond.h"
#include "template.h"

#define _(s) gettext(s)

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

/* Evaluation: one function per operator; answer is never NULL here. */

static int
op_eq(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	(void)env;
	(void)op;
	return cond_equal(answer, v);
}

static int
op_ne(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	(void)env;
	(void)op;
	return !cond_equal(answer, v);
}

static int
op_in(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	(void)env;
	(void)op;
	return cond_value_in(answer, v);
}

static int
op_has(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	const json_t *e;
	size_t j;

	(void)env;
	(void)op;
	json_array_foreach(answer, j, e)
		if (json_equal(e, v))
			return 1;
	return 0;
}

/* A measure that must not be chosen ("monitor" for a D house). */
static int
op_lacks(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	return !op_has(answer, v, env, op);
}

/* The answer's age in years (env->year minus a year answer) and the operand; 0 when not numbers. */
static int
cond_age(const json_t *answer, const json_t *v, const struct fc_cond_env *env, double *a, double *b)
{
	if (!json_is_number(answer) || !json_is_number(v))
		return 0;
	*a = env->year - json_number_value(answer);
	*b = json_number_value(v);
	return 1;
}

static int
op_age_gt(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	double a, b;

	(void)op;
	return cond_age(answer, v, env, &a, &b) && a > b;
}

static int
op_age_ge(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	double a, b;

	(void)op;
	return cond_age(answer, v, env, &a, &b) && a >= b;
}

/*
 * A numeric answer and the operand; 0 when either is not a number.
 * Decimal answers such as 2.1 against 2.0 compare with a tolerance far below
 * any input step (*eps), so 0.1 + 0.2 style noise cannot flip a rule.
 */
static int
cond_numbers(const json_t *answer, const json_t *v, const struct fc_cond_env *env, double *a,
	     double *b, double *eps)
{
	if (!json_is_number(answer) || cond_operand(v, env, b) != 0)
		return 0;
	*a = json_number_value(answer);
	*eps = 1e-9 * fmax(1.0, fabs(*b));
	return 1;
}

static int
op_gt(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	double a, b, eps;

	(void)op;
	return cond_numbers(answer, v, env, &a, &b, &eps) && a > b + eps;
}

static int
op_ge(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	double a, b, eps;

	(void)op;
	return cond_numbers(answer, v, env, &a, &b, &eps) && a >= b - eps;
}

static int
op_lt(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	double a, b, eps;

	(void)op;
	return cond_numbers(answer, v, env, &a, &b, &eps) && a < b - eps;
}

static int
op_le(const json_t *answer, const json_t *v, const struct fc_cond_env *env, const char *op)
{
	double a, b, eps;

	(void)op;
	return cond_numbers(answer, v, env, &a, &b, &eps) && a <= b + eps;
}

/* Checking: one function per kind of operand; ck says where and for what. */

struct cond_ck {
	const struct fc_template *tpl;
	const struct fc_item *item; /* the item tested */
	size_t limit;		    /* items at or after this index may not be named */
	const char *where;
	const char *owner;
	json_t *problems;
};

static int cond_value_fits(const struct fc_item *item, const json_t *v);
static int cond_is_numeric(const struct fc_item *item);

static void
ck_answered(const struct cond_ck *ck, const char *op, const json_t *v)
{
	(void)op;
	if (!json_is_boolean(v))
		fc_problem_add(ck->problems, ck->owner, _("%s: answered must be true or false"),
			       ck->where);
}

static void
ck_fits(const struct cond_ck *ck, const json_t *v)
{
	if (!cond_value_fits(ck->item, v))
		fc_problem_add(ck->problems, ck->owner,
			       _("%s: %s is not a possible answer of %s (%s)"), ck->where,
			       json_is_string(v) ? json_string_value(v) : "value", ck->item->id,
			       fc_item_type_name(ck->item->type));
}

static void
ck_value(const struct cond_ck *ck, const char *op, const json_t *v)
{
	(void)op;
	ck_fits(ck, v);
}

static void
ck_multi(const struct cond_ck *ck, const char *op, const json_t *v)
{
	ck_fits(ck, v);
	if (ck->item->type != FC_ITEM_MULTI)
		fc_problem_add(ck->problems, ck->owner,
			       _("%s: \"%s\" needs a multiple-choice item, %s is %s"), ck->where,
			       op, ck->item->id, fc_item_type_name(ck->item->type));
}

static void
ck_list(const struct cond_ck *ck, const char *op, const json_t *v)
{
	size_t i;
	const json_t *e;

	(void)op;
	if (!json_is_array(v) || json_array_size(v) == 0)
		fc_problem_add(ck->problems, ck->owner, _("%s: \"in\" needs a non-empty list"),
			       ck->where);
	json_array_foreach(v, i, e)
		ck_fits(ck, e);
}

/* {"item": X, "times": k}: X must be an earlier numeric item. */
static void
ck_other_item(const struct cond_ck *ck, const json_t *v)
{
	const json_t *o = json_object_get(v, "item");
	long oi = fc_template_item_index(ck->tpl, json_string_value(o));

	if (oi < 0)
		fc_problem_add(ck->problems, ck->owner, _("%s: unknown item %s"), ck->where,
			       json_is_string(o) ? json_string_value(o) : "(none)");
	else if (!cond_is_numeric(&ck->tpl->items[oi]))
		fc_problem_add(ck->problems, ck->owner,
			       _("%s: %s compared with %s, which is not numeric"), ck->where,
			       ck->item->id, ck->tpl->items[oi].id);
	else if ((size_t)oi >= ck->limit)
		fc_problem_add(ck->problems, ck->owner,
			       _("%s: condition on %s, which comes later in the form"), ck->where,
			       ck->tpl->items[oi].id);
}

static void
ck_number(const struct cond_ck *ck, const char *op, const json_t *v)
{
	if (!cond_is_numeric(ck->item))
		fc_problem_add(ck->problems, ck->owner,
			       _("%s: \"%s\" needs a numeric item, %s is %s"), ck->where, op,
			       ck->item->id, fc_item_type_name(ck->item->type));
	if (strncmp(op, "age_", 4) == 0 && ck->item->type != FC_ITEM_YEAR)
		fc_problem_add(ck->problems, ck->owner, _("%s: \"%s\" needs a year item"),
			       ck->where, op);
	if (json_is_object(v))
		ck_other_item(ck, v);
	else if (!json_is_number(v))
		fc_problem_add(ck->problems, ck->owner, _("%s: \"%s\" needs a number"), ck->where,
			       op);
}

/*
 * The operators on one item: how each is evaluated and how its operand is
 * checked when a template loads. "answered" is the one test that holds on
 * an item without an answer, so it has no evaluator here (cond_item_test).
 */
static const struct cond_op {
	const char *name;
	int (*test)(const json_t *answer, const json_t *v, const struct fc_cond_env *env,
		    const char *op);
	void (*check)(const struct cond_ck *ck, const char *op, const json_t *v);
} cond_ops[] = {
    {"eq", op_eq, ck_value},	      {"ne", op_ne, ck_value},
    {"in", op_in, ck_list},	      {"has", op_has, ck_multi},
    {"lacks", op_lacks, ck_multi},    {"gt", op_gt, ck_number},
    {"ge", op_ge, ck_number},	      {"lt", op_lt, ck_number},
    {"le", op_le, ck_number},	      {"age_gt", op_age_gt, ck_number},
    {"age_ge", op_age_ge, ck_number}, {"answered", NULL, ck_answered},
};

static const struct cond_op *
cond_op_find(const char *key)
{
	for (size_t i = 0; i < sizeof cond_ops / sizeof cond_ops[0]; i++)
		if (strcmp(key, cond_ops[i].name) == 0)
			return &cond_ops[i];
	return NULL;
}

static int
cond_item_test(const json_t *cond, const struct fc_cond_env *env)
{
	const struct fc_item *item = NULL;
	const json_t *answer = cond_answer(cond, env, &item);
	const struct cond_op *op;
	const char *key;
	const json_t *v;

	json_object_foreach((json_t *)cond, key, v) {
		if (strcmp(key, "item") == 0)
			continue;
		if (strcmp(key, "answered") == 0) {
			if ((answer != NULL) != json_is_true(v))
				return 0;
			continue;
		}
		/* An unknown operator is refused at load (fc_cond_check); here it is false. */
		if (answer == NULL || (op = cond_op_find(key)) == NULL ||
		    !op->test(answer, v, env, key))
			return 0;
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

/* The item a condition tests, or NULL after adding why it names none. */
static const struct fc_item *
cond_check_target(const struct fc_template *tpl, const json_t *cond, size_t self, size_t limit,
		  const char *where, const char *owner, json_t *problems)
{
	const json_t *name = json_object_get(cond, "item");
	long idx;

	if (name == NULL) {
		if (self != FC_COND_NOSELF)
			return &tpl->items[self];
		fc_problem_add(problems, owner, _("%s: condition names no item"), where);
		return NULL;
	}
	if (!json_is_string(name)) {
		fc_problem_add(problems, owner, _("%s: \"item\" must be an item id"), where);
		return NULL;
	}
	idx = fc_template_item_index(tpl, json_string_value(name));
	if (idx < 0) {
		fc_problem_add(problems, owner, _("%s: unknown item %s"), where,
			       json_string_value(name));
		return NULL;
	}
	if ((size_t)idx >= limit) {
		fc_problem_add(
		    problems, owner,
		    _("%s: condition on %s, which comes later in the form; a condition may "
		      "only look at earlier items"),
		    where, json_string_value(name));
		return NULL;
	}
	return &tpl->items[idx];
}

static void
cond_check_item(const struct fc_template *tpl, const json_t *cond, size_t self, size_t limit,
		const char *where, const char *owner, json_t *problems)
{
	struct cond_ck ck = {tpl, NULL, limit, where, owner, problems};
	const struct cond_op *op;
	const char *key;
	const json_t *v;

	ck.item = cond_check_target(tpl, cond, self, limit, where, owner, problems);
	if (ck.item == NULL)
		return;
	if (json_object_size(cond) < (json_object_get(cond, "item") != NULL ? 2u : 1u))
		fc_problem_add(problems, owner, _("%s: condition on %s has no test"), where,
			       ck.item->id);
	json_object_foreach((json_t *)cond, key, v) {
		if (strcmp(key, "item") == 0)
			continue;
		if ((op = cond_op_find(key)) == NULL)
			fc_problem_add(problems, owner, _("%s: unknown operator \"%s\""), where,
				       key);
		else
			op->check(&ck, key, v);
	}
}

void
fc_cond_check(const struct fc_template *tpl, const json_t *cond, size_t self, size_t limit,
	      const char *where, const char *owner, json_t *problems)
{
	const json_t *sub, *e;
	size_t i;

	if (!json_is_object(cond)) {
		fc_problem_add(problems, owner, _("%s: a condition must be an object"), where);
		return;
	}
	if ((sub = json_object_get(cond, "all")) != NULL ||
	    (sub = json_object_get(cond, "any")) != NULL) {
		if (json_object_size(cond) != 1 || !json_is_array(sub) ||
		    json_array_size(sub) == 0) {
			fc_problem_add(
			    problems, owner,
			    _("%s: \"all\"/\"any\" takes a non-empty list and nothing else"),
			    where);
			return;
		}
		json_array_foreach(sub, i, e)
			fc_cond_check(tpl, e, self, limit, where, owner, problems);
		return;
	}
	if ((sub = json_object_get(cond, "not")) != NULL) {
		if (json_object_size(cond) != 1) {
			fc_problem_add(problems, owner, _("%s: \"not\" takes one condition"),
				       where);
			return;
		}
		fc_cond_check(tpl, sub, self, limit, where, owner, problems);
		return;
	}
	cond_check_item(tpl, cond, self, limit, where, owner, problems);
}
