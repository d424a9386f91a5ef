/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate.h: checking answers against a checklist template.
 *
 * Two entry points: one answer as the inspector types it (the per-keystroke
 * path: no allocation, microseconds), and a whole answer set before a record
 * is made (every problem collected, each naming its item). Messages come in
 * Chinese or English ("G43: 燃具前压力 must be between 0.00 and 10.00 kPa",
 * "G43：燃具前压力应在 0.00 至 10.00 kPa 之间"); the label is always in the
 * message's language.
 */
#ifndef FC_VALIDATE_H
#define FC_VALIDATE_H

#include <jansson.h>

#include "error.h"
#include "template.h"

/*
 * Is answer allowed for item_id? 0 if so; otherwise -1 with FC_E_INVALID and
 * a message in lang ("zh" or "en") naming the item and what is allowed, or
 * FC_E_NOTFOUND for an item the template does not have.
 */
int fc_validate_answer(const struct fc_template *tpl, const char *item_id, const json_t *answer,
		       const char *lang, struct fc_error *err);

/*
 * Check a whole answer set (an object item id -> answer): unknown items,
 * answers to items that are not shown for these answers, required items
 * missing, and every answer's type and range. year is the current year (0:
 * now). Returns 0 when there is nothing wrong; otherwise -1, FC_E_INVALID,
 * err naming the count and the first problem, and every problem appended to
 * problems (an array of {"item", "message"}) in form order.
 */
int fc_validate_answers(const struct fc_template *tpl, const json_t *answers, int year,
			const char *lang, json_t *problems, struct fc_error *err);

/* The current local year, as the default for year items and age rules. */
int fc_validate_this_year(void);

#endif
