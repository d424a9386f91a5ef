/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checklist.h: one call from an answer set to everything a record needs.
 *
 * fc_checklist_evaluate() validates the answers (validate.c), derives hazards,
 * record type and outcome (hazard.c), maps answers onto the house-grading
 * input the template names and grades (grade.c), and checks obligations. The
 * CLI's `record` and the TUI's finish screen both use it, so they cannot
 * disagree about what is valid.
 */
#ifndef FC_CHECKLIST_H
#define FC_CHECKLIST_H

#include <jansson.h>

#include "error.h"
#include "template.h"

struct fc_checklist {
	json_t *answers;      /* the answers of shown items: what the record keeps */
	json_t *hazards;      /* array, see fc_hazard_derive() */
	json_t *grade;	      /* grading result, or NULL when the template grades nothing */
	char record_type[16]; /* "inspection" or "visit" */
	char outcome[32];
};

/*
 * Evaluate answers against tpl. year is the current year (0: now); lang
 * ("zh"/"en") is the language of the problems. On success out is filled
 * (release with fc_checklist_release()). On failure -1, FC_E_INVALID, err
 * names the count and first problem, and problems (if not NULL) gets every
 * problem as {"item", "message"}; out is left empty.
 */
int fc_checklist_evaluate(const struct fc_template *tpl, const json_t *answers, int year,
			  const char *lang, struct fc_checklist *out, json_t *problems,
			  struct fc_error *err);

void fc_checklist_release(struct fc_checklist *cl);

/*
 * The grading input the template's grading section makes from shown
 * answers: *method is borrowed from tpl, *input is new (caller decrefs).
 * Both NULL when the template grades nothing for these answers.
 */
int fc_checklist_grade_input(const struct fc_template *tpl, const json_t *shown, int year,
			     const char **method, json_t **input, struct fc_error *err);

/* Where prefilled answers come from: the household's registry entry and the
 * district settings (core/settings.h). Any member may be NULL. */
struct fc_prefill_src {
	const char *kind;	/* registry kind of the household */
	const char *district;	/* its district */
	const json_t *settings; /* fc_settings_load() */
};

/*
 * Fill answers the template prefills: "prefill": {"from": "household.kind",
 * "map": {...}} from the registry kind, {"from": "setting", "key": K} from the
 * district's setting K (a boolean answers a yes/no item). An item filled only
 * when unanswered, unless "fixed": true, when the registry or setting
 * replaces whatever the answers say (the record states what was in force).
 * Returns the number filled.
 */
int fc_checklist_prefill(const struct fc_template *tpl, json_t *answers,
			 const struct fc_prefill_src *src);

/* 1 when the item's answer comes from the registry or the settings ("fixed"). */
int fc_checklist_item_fixed(const struct fc_item *item);

/*
 * 0 when tpl applies to a household of this registry kind (its "kinds" list
 * names it, or it has none); FC_E_INVALID saying which kinds it applies to.
 */
int fc_checklist_applies(const struct fc_template *tpl, const char *kind, const char *household,
			 struct fc_error *err);

#endif
