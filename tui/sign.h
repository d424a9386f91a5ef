/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.h: the TUI's ways of making a record, all through app/sign.h: the
 * review screen's and the follow-up screen's requests, and the short one
 * that needs no form (a visit where nobody was home or entry was refused).
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

#endif
