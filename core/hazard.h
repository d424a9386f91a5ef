/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hazard.h: what a valid answer set means: the hazards it shows, the record
 * type (an inspection, or a visit where nobody was home), the outcome, and
 * the obligations the hazards bring with them (a major gas hazard requires
 * the written rectification notice and the user's signature or refusal).
 *
 * Everything is driven by the template's rules; these functions take only
 * the answers of shown items (fc_template_visibility()), already validated.
 */
#ifndef FC_HAZARD_H
#define FC_HAZARD_H

#include <jansson.h>

#include "error.h"
#include "template.h"

/*
 * Every hazard rule that holds for shown, in form order, as a new array
 * (caller decrefs) of {"item", "rule", "severity", "note" (zh), "note_en",
 * "tag", "clause"[, "verify"][, "flags"]}. A "na" answer never raises a
 * hazard of its own item. year is the current year (age rules).
 */
int fc_hazard_derive(const struct fc_template *tpl, const json_t *shown, int year, json_t **hazards,
		     struct fc_error *err);

/* "inspection", or the type of the first record_types rule that holds. */
const char *fc_hazard_record_type(const struct fc_template *tpl, const json_t *shown, int year);

/*
 * The outcome, into out (size 32): the first outcome rule that holds; else the
 * grade (outcome.from_grade, grade is the grading result or NULL); else the
 * worst hazard severity (outcome.by_severity); else outcome.none. The grade
 * then raises it through outcome.grade_outcomes ({"D": "serious"}, along
 * outcome.levels). An override item may raise it, never lower it: lowering
 * adds a problem.
 */
void fc_hazard_outcome(const struct fc_template *tpl, const json_t *shown, int year,
		       const json_t *hazards, const json_t *grade, const char *lang, char out[32],
		       json_t *problems);

/*
 * Add to problems one entry per unmet requirement of each obligation whose
 * triggers hold (naming the required item, why, and the rule's source).
 * Returns the number of problems added.
 */
size_t fc_hazard_obligations(const struct fc_template *tpl, const json_t *shown, int year,
			     const json_t *hazards, const char *outcome, const char *lang,
			     json_t *problems);

/*
 * What people read for an outcome or severity id of tpl, in lang: the
 * template's outcome.labels entry, else the severity's label, else the
 * override item's option label; id itself when the template names none.
 * tpl may be NULL (then id).
 */
const char *fc_hazard_outcome_label(const struct fc_template *tpl, const char *id,
				    const char *lang);

/*
 * 1 for the severities that call for action at once, counted as "major
 * hazards" in summaries: gas stop and major, selfbuilt and rural serious
 * (each template's worst; gas's two above ordinary).
 */
int fc_hazard_is_major(const char *severity);

#endif
