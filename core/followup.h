/* SPDX-License-Identifier: Apache-2.0 */
/*
 * followup.h: the per-item results of a follow-up (record format 2), read
 * from what the inspector gave and checked against the checklist before
 * anything is signed. docs/record-format.md has the body form; the answers
 * file form of `fieldcheck record --follows` is
 *
 *   {"results": {"G04": {"result": "rectified", "note": "...",
 *                        "photo": ["fixed.jpg"]},
 *                "G24": {"result": "not_rectified", "deadline": "2026-06-30"}},
 *    "answers": {"G04": "kitchen"}}
 *
 * where "answers" (optional) re-answers checklist items; they are validated
 * with the template's rules, and an item marked rectified whose new answer
 * still raises its hazard is refused.
 */
#ifndef FC_FOLLOWUP_H
#define FC_FOLLOWUP_H

#include <jansson.h>

#include "error.h"
#include "template.h"

/*
 * Split file (an answers file's object) into new *results (NULL when the
 * file has no "results": a plain answers object) and new *answers (NULL
 * when none). Each result's problems go to problems, naming the item.
 */
void fc_followup_read(const json_t *file, json_t **results, json_t **answers, json_t *problems);

/* Results giving result to each item of items (an array of item ids); new object. */
json_t *fc_followup_all(const json_t *items, const char *result);

/*
 * Add a problem for each result item the template does not have and for
 * each item marked rectified that answers (may be NULL) still raise.
 */
void fc_followup_check(const struct fc_template *tpl, const json_t *results, const json_t *answers,
		       int year, json_t *problems);

/*
 * Add a problem for each result whose new deadline is before the day of the
 * follow-up's time ("YYYY-MM-DDTHH:MM:SS+HH:MM"; NULL: today), naming it.
 */
void fc_followup_check_deadlines(const json_t *results, const char *time, json_t *problems);
/* Replace each result's "photo" file names with imported photo objects. */
int fc_followup_import_photos(json_t *results, const char *base_dir, const char *photos_dir,
			      struct fc_error *err);

/* "rectified" when every result is, else "not_rectified": the body's outcome. */
const char *fc_followup_outcome(const json_t *results);

#endif
