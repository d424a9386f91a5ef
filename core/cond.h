/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cond.h: the small condition language templates use for show-if, hazard
 * rules, obligations, record types, outcomes and grading.
 *
 * A condition is JSON: {"item": "G02", "eq": "lpg_cyl"}, {"item": "G30",
 * "gt": 5}, {"all": [...]}, {"any": [...]}, {"not": {...}}; docs/checklists.md
 * lists every operator. A test on an item that is not answered (or hidden) is
 * false. Conditions are checked once when a template loads (fc_cond_check), so
 * evaluation (fc_cond_eval) never fails: a malformed part is simply false.
 */
#ifndef FC_COND_H
#define FC_COND_H

#include <stddef.h>
#include <jansson.h>

struct fc_template;

#define FC_COND_NOSELF ((size_t)-1)

/* What a condition sees. */
struct fc_cond_env {
	const struct fc_template *tpl;
	const json_t *answers; /* only the answers of shown items */
	int year;	       /* current year, for age tests */
	size_t self;	       /* item an operand without "item" means */
};

/* 1 if cond holds, else 0. NULL holds. */
int fc_cond_eval(const json_t *cond, const struct fc_cond_env *env);

/*
 * Check cond against tpl and add a problem to problems for each fault: an
 * unknown operator or item, an item at index >= limit (a show-if may only look
 * at earlier items), a value that is not an option of the item, a numeric test
 * on a non-numeric item. where ("show_if", "hazard G04-1") starts each message;
 * owner is the item id the problems are filed under (may be NULL).
 */
void fc_cond_check(const struct fc_template *tpl, const json_t *cond, size_t self, size_t limit,
		   const char *where, const char *owner, json_t *problems);

#endif
