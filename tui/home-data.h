/* SPDX-License-Identifier: Apache-2.0 */
/*
 * home-data.h: what the home screen shows, gathered from core/ and sync/,
 * so the screen itself only draws.
 */
#ifndef FC_TUI_HOME_DATA_H
#define FC_TUI_HOME_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/review.h"
#include "tui/tui.h"

struct fc_home_counts {
	int64_t households, records, unsynced;
	int have_due; /* the due-date intervals are available */
	int64_t overdue, soon, revisits;
	int soon_days; /* what "soon" means, from the intervals file */
	int64_t open_hazards;
	char last_sync[64]; /* "" when never */
	/* Records a supervisor returned that wait for a correction; the oldest's id and comment. */
	int64_t returns;
	char return_record[FC_RECORD_ID_MAX];
	char return_comment[FC_REVIEW_COMMENT_MAX + 1];
};

/* Indexed counts only: nothing here walks every household or record. */
int fc_home_counts_load(struct fc_tui *tui, struct fc_home_counts *out, struct fc_error *err);

/*
 * The first saved draft: its key into key and a line describing it (household
 * and checklist) into desc; both "" when there is none.
 */
void fc_home_first_draft(struct fc_tui *tui, char *key, size_t key_size, char *desc,
			 size_t desc_size);

#endif
