/* SPDX-License-Identifier: Apache-2.0 */
/*
 * followup-draft.h: the follow-up screen's marks kept as a draft in the
 * store (the same drafts as the checklist form's, core/store.h), saved at
 * every change so a killed process loses nothing; resumed when the
 * follow-up of the same household and record is opened again, deleted
 * when it is signed or the inspector discards it.
 */
#ifndef FC_TUI_FOLLOWUP_DRAFT_H
#define FC_TUI_FOLLOWUP_DRAFT_H

#include <jansson.h>
#include <time.h>

#include "core/error.h"
#include "core/store.h"

enum fc_fu_result { FC_FU_OPEN = 0, FC_FU_YES, FC_FU_NO };

/* One open hazard on the follow-up screen and what was given for it. */
struct fc_fu_row {
	struct fc_hazard_entry h;
	enum fc_fu_result result;
	char note[1024];
	char deadline[11];
	json_t *photos; /* owned: picked photo objects, or NULL */
};

/*
 * What was given for one hazard, in the words of the signed results
 * (core/followup.c): "result" only when marked, then note, deadline, photo.
 * The signed follow-up and its draft both write rows this way. New
 * reference, or NULL when out of memory.
 */
json_t *fc_fu_row_json(const struct fc_fu_row *r);

/* The draft's key: "followup:<household>:<followed record>" (not "form:"). */
void fc_fu_draft_key(const char *household, const char *record, char *key, size_t size);

/*
 * Save the rows' marks, notes, deadlines and photos under key (with opened,
 * the time pictures are listed from); with nothing given on any row the
 * draft is deleted instead.
 */
int fc_fu_draft_save(struct fc_store *st, const char *key, const char *household,
		     const char *record, time_t opened, const struct fc_fu_row *rows, int n,
		     struct fc_error *err);

/*
 * Fill rows (matched by hazard item) from the draft under key and set
 * *opened: 1 when a draft was there, 0 when none, -1 with err filled.
 */
int fc_fu_draft_load(struct fc_store *st, const char *key, struct fc_fu_row *rows, int n,
		     time_t *opened, struct fc_error *err);

#endif
