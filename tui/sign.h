/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.h: the TUI's ways of making a record, all through app/sign.h: the
 * review screen's request, and the two short ones that need no form (a visit
 * where nobody was home or entry was refused; a hazard follow-up).
 */
#ifndef FC_TUI_SIGN_H
#define FC_TUI_SIGN_H

#include "app/sign.h"
#include "core/error.h"
#include "core/record.h"
#include "tui/tui.h"

/*
 * Make the record req describes through the one signing path
 * (app/sign.h) with the unlocked key; id (FC_RECORD_ID_MAX) gets the new
 * record's id. A refusal's err names the first problem.
 */
int fc_sign_record(struct fc_tui *tui, struct fc_sign_request *req, char *id, struct fc_error *err);

/* A visit record; outcome is "nobody_home" or "refused". */
int fc_sign_visit(struct fc_tui *tui, const char *household, const char *outcome, char *id,
		  struct fc_error *err);

#define FC_FOLLOWUP_ITEMS 64

/* A follow-up in progress, one question per open hazard; lives in the asking screen's data. */
struct fc_followup_ask {
	char record[FC_RECORD_ID_MAX];
	char item[FC_FOLLOWUP_ITEMS][FC_ID_MAX];
	char note[FC_FOLLOWUP_ITEMS][128];
	int result[FC_FOLLOWUP_ITEMS]; /* 0 skipped, 1 rectified, 2 not rectified */
	size_t n, at;
};

/*
 * Ask, for each open hazard raised by record_id, whether it was rectified
 * (y, n, or s to leave it out), and sign one follow-up with a result per
 * hazard answered. Says so in the status line when nothing is open.
 * Returns fc_key_result flags.
 */
int fc_sign_ask_followup(struct fc_tui *tui, struct fc_followup_ask *ask, const char *record_id);

#endif
